// Pages, cards, oEmbed, citation exports and charts over HTTP: content negotiation on permalinks,
// every citation format (BibTeX parsed back by citation-js), oEmbed fields and errors, framing
// headers, SVG charts, ETag/304, one error shape for bad parameters, escaping of hostile content.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateEntries } from '../seed/generate';
import { parseBibtex } from './support/bibtex';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  base = server.baseUrl;
});
afterAll(() => server?.stop());

const get = (url: string, accept?: string, headers: Record<string, string> = {}) =>
  fetch(url.startsWith('http') ? url : `${base}${url}`, {
    headers: { ...(accept !== undefined && { accept }), ...headers },
  });

/** HTML with runs of white space as one space and void elements without their slash. */
const flat = (text: string) => text.replace(/\s+/g, ' ').replace(/ \/>/g, '>');

interface ErrorBody {
  errors: { message: string; extensions: { code: string; argumentPath?: string[] } }[];
}

async function expectError(response: Response, status: number, code: string, argument?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorBody;
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.extensions.code).toBe(code);
  if (argument) expect(body.errors[0]?.extensions.argumentPath).toEqual([argument]);
  return body.errors[0]?.message ?? '';
}

/** The references a GraphQL client sees for an entry, to check exports against. */
async function referencesOf(slug: string) {
  const { data } = await server.gql<{ entry: { references: { slug: string; title: string }[] } }>(
    'query ($slug: String!) { entry(slug: $slug) { references { slug title } } }',
    { slug },
  );
  return data?.entry.references ?? [];
}

describe('content negotiation on a permalink', () => {
  test('no Accept, */* and application/json get the JSON shape permalinks always had', async () => {
    for (const accept of [undefined, '*/*', 'application/json']) {
      const response = await get('/kb/random-forest', accept);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.headers.get('vary')).toMatch(/accept/i);
      expect(await response.json()).toMatchObject({ slug: 'random-forest', kind: 'ALGORITHM', revision: 1 });
    }
  });

  test('a browser gets an HTML page with everything the entry has', async () => {
    const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const response = await get('/kb/random-forest', browserAccept);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = flat(await response.text());
    const permalink = `${base.replace('127.0.0.1', 'localhost')}/kb/random-forest`;
    expect(page).toContain(`<link rel="canonical" href="${permalink}">`);
    expect(page).toContain('<meta property="og:title" content="Random forest">');
    expect(page).toContain(`<meta property="og:url" content="${permalink}">`);
    expect(page).toMatch(/<link rel="alternate" type="application\/json\+oembed" href="[^"]+\/oembed\?url=/);
    // Summary, the kind's fields, the ratings table, numbered references, related entries, citing.
    expect(page).toContain('<h1>Random forest</h1>');
    expect(page).toMatch(/<h2>Ratings<\/h2>[\s\S]*<table>[\s\S]*<td>HIGH<\/td>/);
    expect(page).toMatch(/<h2>References<\/h2> ?<ol> ?<li id="ref-1">/);
    expect(page).toMatch(/<h2>Related entries<\/h2>[\s\S]*href="[^"]+\/kb\/decision-tree"/);
    expect(page).toContain('How to cite this page');
    expect(page).toContain('Revision 1');
    expect(page).toMatch(/<img src="[^"]*\/kb\/random-forest\/chart\.svg" alt="Levels of Random forest/);
    // No script anywhere but the JSON-LD data block, which parses and names the page.
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.[1]).toBe(' type="application/ld+json"');
    const ld = JSON.parse(scripts[0]?.[2] ?? '') as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@type': 'LearningResource',
      url: permalink,
      name: 'Random forest',
      version: '1',
    });
    expect((ld.citation as unknown[]).length).toBe((await referencesOf('random-forest')).length);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
  });

  test('JSON-LD types: a quality is a DefinedTerm, a reference a ScholarlyArticle', async () => {
    const ldOf = async (slug: string) => {
      const page = await (await get(`/kb/${slug}`, 'text/html')).text();
      const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
      return JSON.parse(json) as Record<string, unknown>;
    };
    expect(await ldOf('accuracy')).toMatchObject({ '@type': 'DefinedTerm', termCode: 'accuracy' });
    const article = await ldOf('hulten-2018-building-intelligent-systems');
    expect(article).toMatchObject({ '@type': 'ScholarlyArticle', datePublished: '2018' });
    expect(article.author).toEqual([{ '@type': 'Person', name: 'Geoff Hulten' }]);
    const post = await ldOf('lambda-labs-2020-demystifying-gpt-3');
    expect(post.author).toEqual([{ '@type': 'Organization', name: 'Lambda Labs' }]);
  });

  test('text/markdown is the same text as /kb/<slug>.md; an unservable type is a 406', async () => {
    const negotiated = await get('/kb/heartbeat', 'text/markdown');
    expect(negotiated.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await negotiated.text()).toBe(await (await get('/kb/heartbeat.md')).text());
    await expectError(await get('/kb/heartbeat', 'image/png'), 406, 'NOT_ACCEPTABLE');
  });

  test('an unknown slug is a 404: JSON by default, an HTML page for a browser', async () => {
    await expectError(await get('/kb/no-such-entry'), 404, 'NOT_FOUND');
    const page = await get('/kb/no-such-entry', 'text/html');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('No entry has slug &quot;no-such-entry&quot;.');
  });
});

describe('citations', () => {
  test('BibTeX: the page and every reference it cites, parsed back by citation-js', async () => {
    const bib = await get('/kb/random-forest.bib');
    expect(bib.status).toBe(200);
    expect(bib.headers.get('content-type')).toBe('application/x-bibtex; charset=utf-8');
    const text = await bib.text();
    const parsed = parseBibtex(text);
    const references = await referencesOf('random-forest');
    expect(references.length).toBeGreaterThan(0);
    expect(parsed).toHaveLength(references.length + 1);
    // BibTeX has no web-page type: @misc reads back as a document.
    expect(parsed[0]).toMatchObject({ type: 'document', title: 'Random forest' });
    expect(parsed[0]?.note).toBe('Revision 1');
    expect(parsed[0]?.URL).toBe(`${base.replace('127.0.0.1', 'localhost')}/kb/random-forest`);
    const titles = parsed.slice(1).map((item) => String(item.title).replace(/[{}]/g, ''));
    expect(titles.sort()).toEqual(references.map((r) => r.title).sort());
    // The same by content negotiation on the permalink.
    expect(await (await get('/kb/random-forest', 'application/x-bibtex')).text()).toBe(text);
  });

  test('a reference exports as itself, with its authors and year', async () => {
    const text = await (await get('/kb/hulten-2018-building-intelligent-systems.bib')).text();
    const [item] = parseBibtex(text);
    expect(item).toMatchObject({
      type: 'book',
      title: 'Building Intelligent Systems: A Guide to Machine Learning Engineering',
    });
    expect(item?.author).toEqual([{ family: 'Hulten', given: 'Geoff' }]);
    expect(item?.issued?.['date-parts']?.[0]?.[0]).toBe(2018);
  });

  test('RIS: one TY … ER record per item', async () => {
    const response = await get('/kb/random-forest.ris');
    expect(response.headers.get('content-type')).toBe('application/x-research-info-systems; charset=utf-8');
    const text = await response.text();
    const records = text.split(/^ER {2}- ?$/m).filter((r) => r.trim());
    expect(records).toHaveLength((await referencesOf('random-forest')).length + 1);
    for (const record of records) {
      expect(record.trim()).toMatch(/^TY {2}- [A-Z]+$/m);
      expect(record).toMatch(/^TI {2}- .+$/m);
    }
    expect(await (await get('/kb/random-forest', 'application/x-research-info-systems')).text()).toBe(text);
  });

  test('CSL-JSON: type, title, and author or issued on every item', async () => {
    for (const url of ['/kb/random-forest.csl.json', '/kb/random-forest']) {
      const response = await get(url, 'application/vnd.citationstyles.csl+json');
      expect(response.headers.get('content-type')).toBe(
        'application/vnd.citationstyles.csl+json; charset=utf-8',
      );
      const items = (await response.json()) as Record<string, unknown>[];
      expect(items.length).toBeGreaterThan(1);
      for (const item of items) {
        expect(typeof item.type).toBe('string');
        expect(typeof item.title).toBe('string');
        expect(item.author ?? item.issued).toBeDefined();
      }
      expect(items[0]).toMatchObject({ id: 'random-forest', type: 'webpage', version: 'revision 1' });
    }
    // An organisation is one literal name, not a given and a family name.
    const [post] = (await (
      await get('/kb/lambda-labs-2020-demystifying-gpt-3.csl.json', 'application/vnd.citationstyles.csl+json')
    ).json()) as Record<string, unknown>[];
    expect(post?.author).toEqual([{ literal: 'Lambda Labs' }]);
  });

  test('text/x-bibliography in APA, IEEE, Chicago and Harvard; an unknown style is a 400', async () => {
    const slug = 'hulten-2018-building-intelligent-systems';
    const formatted: Record<string, string> = {};
    for (const style of ['apa', 'ieee', 'chicago', 'harvard']) {
      const response = await get(`/kb/${slug}`, `text/x-bibliography; style=${style}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(`text/x-bibliography; style=${style}; charset=utf-8`);
      formatted[style] = (await response.text()).trim();
      expect(formatted[style]).toContain('Hulten');
      expect(formatted[style]).toContain('2018');
    }
    expect(formatted.apa).toMatch(/^Hulten, G\. \(2018\)\. Building intelligent systems/i);
    expect(formatted.ieee).toMatch(/^\[1\] G\. Hulten, /);
    expect(formatted.chicago).toMatch(/^Hulten, Geoff\. 2018\./);
    expect(formatted.harvard).toMatch(/^Hulten, G\. \(2018\) /);
    expect(new Set(Object.values(formatted)).size).toBe(4);
    // No style: APA, as Crossref does.
    expect((await (await get(`/kb/${slug}`, 'text/x-bibliography')).text()).trim()).toBe(formatted.apa);
    const message = await expectError(
      await get(`/kb/${slug}`, 'text/x-bibliography; style=mla'),
      400,
      'BAD_USER_INPUT',
      'style',
    );
    expect(message).toMatch(/apa, ieee, chicago, harvard/);
  });

  test('GraphQL: Reference.citation keeps its plain form and formats in each style', async () => {
    const { data, errors } = await server.gql<{
      reference: Record<string, string>;
    }>(`{ reference(slug: "hulten-2018-building-intelligent-systems") {
      plain: citation apa: citation(style: APA) ieee: citation(style: IEEE)
      chicago: citation(style: CHICAGO) harvard: citation(style: HARVARD) } }`);
    expect(errors).toBeUndefined();
    const r = data?.reference ?? {};
    expect(r.plain).toBe(
      'Geoff Hulten (2018). Building Intelligent Systems: A Guide to Machine Learning Engineering. Apress. https://doi.org/10.1007/978-1-4842-3432-7',
    );
    const page = async (style: string) =>
      (
        await (
          await get('/kb/hulten-2018-building-intelligent-systems', `text/x-bibliography; style=${style}`)
        ).text()
      ).trim();
    expect(r.apa).toBe(await page('apa'));
    expect(r.ieee).toBe(await page('ieee'));
    expect(r.chicago).toBe(await page('chicago'));
    expect(r.harvard).toBe(await page('harvard'));
  });
});

describe('embeddable cards and oEmbed', () => {
  const permalink = () => `${base.replace('127.0.0.1', 'localhost')}/kb/random-forest`;

  test('oEmbed answers a permalink with a rich iframe of the card', async () => {
    const response = await get(`/oembed?url=${encodeURIComponent(permalink())}&format=json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'rich',
      version: '1.0',
      title: 'Random forest',
      provider_name: 'design-kb',
      width: 480,
      height: 400,
    });
    expect(body.provider_url).toBe(`${base.replace('127.0.0.1', 'localhost')}/kb`);
    expect(typeof body.cache_age).toBe('number');
    expect(body.html).toMatch(
      /^<iframe src="http:\/\/localhost:\d+\/embed\/random-forest" width="480" height="400" title="Random forest \(design-kb\)"/,
    );
    // A permalink at the address the request came to works as well.
    expect((await get(`/oembed?url=${encodeURIComponent(`${base}/kb/random-forest`)}`)).status).toBe(200);
  });

  test('width and height stay within maxwidth and maxheight', async () => {
    const body = (await (
      await get(`/oembed?url=${encodeURIComponent(permalink())}&maxwidth=300&maxheight=250`)
    ).json()) as { width: number; height: number; html: string };
    expect(body.width).toBe(300);
    expect(body.height).toBe(250);
    expect(body.html).toContain('width="300" height="250"');
    const large = (await (
      await get(`/oembed?url=${encodeURIComponent(permalink())}&maxwidth=2000`)
    ).json()) as {
      width: number;
    };
    expect(large.width).toBe(480);
  });

  test('oEmbed errors: unknown URL 404, format=xml 501, bad parameters 400 naming them', async () => {
    const q = (params: string) => get(`/oembed?${params}`);
    await expectError(await q(`url=${encodeURIComponent(`${permalink()}-nope`)}`), 404, 'NOT_FOUND');
    await expectError(
      await q(`url=${encodeURIComponent('https://elsewhere.example/kb/random-forest')}`),
      404,
      'NOT_FOUND',
    );
    await expectError(
      await q(`url=${encodeURIComponent(permalink())}&format=xml`),
      501,
      'NOT_IMPLEMENTED',
      'format',
    );
    await expectError(
      await q(`url=${encodeURIComponent(permalink())}&format=yaml`),
      400,
      'BAD_USER_INPUT',
      'format',
    );
    await expectError(await q(''), 400, 'BAD_USER_INPUT', 'url');
    await expectError(await q('url=not%20a%20url'), 400, 'BAD_USER_INPUT', 'url');
    await expectError(
      await q(`url=${encodeURIComponent(permalink())}&maxwidth=wide`),
      400,
      'BAD_USER_INPUT',
      'maxwidth',
    );
    await expectError(
      await q(`url=${encodeURIComponent(permalink())}&maxheight=5`),
      400,
      'BAD_USER_INPUT',
      'maxheight',
    );
    await expectError(
      await q(`url=${encodeURIComponent(permalink())}&color=red`),
      400,
      'BAD_USER_INPUT',
      'color',
    );
  });

  test('GraphQL Entry.embed gives the same iframe, within the limits; bad limits are BAD_USER_INPUT', async () => {
    const { data } = await server.gql<{ entry: { embed: { html: string; width: number; height: number } } }>(
      '{ entry(slug: "random-forest") { embed(maxWidth: 320) { html width height } } }',
    );
    const oembed = (await (
      await get(`/oembed?url=${encodeURIComponent(permalink())}&maxwidth=320`)
    ).json()) as {
      html: string;
    };
    expect(data?.entry.embed).toEqual({ html: oembed.html, width: 320, height: 400 });
    const bad = await server.gql('{ entry(slug: "random-forest") { embed(maxHeight: 99999) { html } } }');
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentPath: ['maxHeight'],
    });
  });

  test('a card may be framed by any origin and sets no cookie; pages and the API refuse frames', async () => {
    const card = await get('/embed/random-forest');
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(card.headers.get('x-frame-options')).toBeNull();
    expect(card.headers.get('content-security-policy')).toMatch(/frame-ancestors \*$/);
    expect(card.headers.get('set-cookie')).toBeNull();
    const html = await card.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<h1><a href="http://localhost');
    expect(html).toMatch(/<img src="[^"]*\/kb\/random-forest\/chart\.svg"/);
    for (const url of ['/kb/random-forest', '/kb', '/search?q=tree']) {
      const response = await get(url, 'text/html');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    }
    expect((await get('/kb/random-forest')).headers.get('x-frame-options')).toBe('SAMEORIGIN');
    await expectError(await get('/embed/no-such-entry', 'application/json'), 404, 'NOT_FOUND');
  });
});

describe('charts', () => {
  test("an algorithm's ratings as SVG with a title and a description, the same bytes every time", async () => {
    const first = await get('/kb/random-forest/chart.svg');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await first.text();
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toMatch(/<title id="chart-title">Random forest: ratings on quality attributes<\/title>/);
    expect(svg).toMatch(
      /<desc id="chart-desc">Levels of Random forest, from very low to very high: Accuracy high;/,
    );
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).not.toMatch(/<script|NaN|undefined/);
    expect(await (await get('/kb/random-forest/chart.svg')).text()).toBe(svg);
  });

  test("a pattern's quality effects, and a comparison of algorithms", async () => {
    const effects = await (await get('/kb/heartbeat/chart.svg')).text();
    expect(effects).toMatch(/<desc id="chart-desc">Heartbeat promotes [^<]+ and inhibits /);
    const compare = await get(
      '/compare.svg?algorithms=decision-tree,random-forest&qualities=accuracy,interpretability',
    );
    expect(compare.status).toBe(200);
    const svg = await compare.text();
    expect(svg).toMatch(/<title id="chart-title">Comparison of Decision tree, Random forest<\/title>/);
    expect(svg).toMatch(
      /<desc id="chart-desc">Accuracy: Decision tree [a-z ]+, Random forest high; Interpretability: /,
    );
  });

  test('no chart for kinds without ratings or effects; bad compare parameters are 400s', async () => {
    await expectError(await get('/kb/accuracy/chart.svg'), 404, 'NOT_FOUND');
    await expectError(await get('/compare.svg'), 400, 'BAD_USER_INPUT', 'algorithms');
    const unknown = await expectError(
      await get('/compare.svg?algorithms=no-such-algorithm'),
      400,
      'BAD_USER_INPUT',
      'algorithms',
    );
    expect(unknown).toMatch(/Unknown algorithm "no-such-algorithm"/);
    await expectError(
      await get('/compare.svg?algorithms=random-forest&qualities=speediness'),
      400,
      'BAD_USER_INPUT',
      'qualities',
    );
    await expectError(
      await get('/compare.svg?algorithms=Random%20Forest'),
      400,
      'BAD_USER_INPUT',
      'algorithms',
    );
  });
});

describe('index, kind, search and compare pages', () => {
  test('/kb lists every kind with its count', async () => {
    const page = flat(await (await get('/kb', 'text/html')).text());
    const { data } = await server.gql<{
      algorithms: { totalCount: number };
      qualities: { totalCount: number };
    }>('{ algorithms { totalCount } qualities { totalCount } }');
    expect(page).toMatch(
      new RegExp(
        `/kb/kind/algorithm">ML algorithm</a> <span class="muted">\\(${data?.algorithms.totalCount}\\)`,
      ),
    );
    expect(page).toMatch(
      new RegExp(
        `/kb/kind/quality">Quality attribute</a> <span class="muted">\\(${data?.qualities.totalCount}\\)`,
      ),
    );
  });

  test('/kb/kind/<kind> pages through every entry of the kind', async () => {
    const { data } = await server.gql<{ algorithms: { totalCount: number } }>(
      '{ algorithms { totalCount } }',
    );
    const total = data?.algorithms.totalCount ?? 0;
    const seen: string[] = [];
    let url: string | null = `${base}/kb/kind/algorithm?first=2`;
    while (url) {
      const page = await (await get(url.replace('localhost', '127.0.0.1'), 'text/html')).text();
      seen.push(...[...page.matchAll(/<li><a href="[^"]+\/kb\/([a-z0-9-]+)">/g)].map((m) => m[1] ?? ''));
      const next: string | undefined = /<a href="([^"]+)" rel="next">/.exec(page)?.[1];
      url = next ? next.replace(/&amp;/g, '&') : null;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect((await get('/kb/kind/unicorn', 'text/html')).status).toBe(404);
    await expectError(await get('/kb/kind/algorithm?first=1000'), 400, 'BAD_USER_INPUT', 'first');
    await expectError(await get('/kb/kind/algorithm?after=garbage'), 400, 'BAD_USER_INPUT', 'after');
  });

  test('/search shows the search service’s hits with their highlights', async () => {
    const response = await get('/search?q=interpretability', 'text/html');
    expect(response.status).toBe(200);
    const page = flat(await response.text());
    expect(page).toMatch(/<p role="status"> ?\d+ entries match “interpretability”/);
    expect(page).toMatch(/<li><a href="[^"]+\/kb\/interpretability">Interpretability<\/a>/);
    expect(page).toContain('<mark>');
    const corrected = flat(await (await get('/search?q=obsever%20pattern', 'text/html')).text());
    expect(corrected).toMatch(/entries match “observer pattern”, a close spelling of “obsever pattern”\./);
    expect(corrected).toMatch(/<li><a href="[^"]+\/kb\/observer">/);
    const empty = await (await get('/search', 'text/html')).text();
    expect(empty).toContain('Type words to search');
  });

  test('/compare shows the levels the comparison service gives', async () => {
    const { data } = await server.gql<{ algorithm: { rating: { level: string } } }>(
      '{ algorithm(slug: "decision-tree") { rating(quality: "interpretability") { level } } }',
    );
    const page = flat(
      await (
        await get('/compare?algorithms=decision-tree,random-forest&qualities=interpretability', 'text/html')
      ).text(),
    );
    const level = (data?.algorithm.rating.level ?? '').replace('_', ' ').toLowerCase();
    expect(page).toMatch(new RegExp(`Interpretability</a></th> ?<td>${level}</td> ?<td>`));
    expect(page).toMatch(
      /<img src="[^"]*\/compare\.svg\?algorithms=decision-tree,random-forest&amp;qualities=interpretability"/,
    );
  });

  test('bad parameters: one JSON error shape, or an HTML error page for a browser', async () => {
    await expectError(await get('/search?q=tree&bogus=1'), 400, 'BAD_USER_INPUT', 'bogus');
    await expectError(await get(`/search?q=${'x'.repeat(500)}`), 400, 'BAD_USER_INPUT', 'q');
    await expectError(await get('/search?q=a&q=b'), 400, 'BAD_USER_INPUT', 'q');
    await expectError(await get('/search?q=tree&kind=unicorn'), 400, 'BAD_USER_INPUT', 'kind');
    const page = await get('/search?q=tree&bogus=1', 'text/html');
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<h1>Bad request</h1>');
  });
});

describe('caching', () => {
  test('pages, cards and charts carry an ETag and answer 304 to If-None-Match', async () => {
    for (const [url, accept] of [
      ['/kb/random-forest', 'text/html'],
      ['/kb/random-forest', 'application/json'],
      ['/embed/random-forest', 'text/html'],
      ['/kb/random-forest/chart.svg', 'image/svg+xml'],
      ['/kb/random-forest.bib', '*/*'],
      ['/kb', 'text/html'],
    ] as const) {
      const first = await get(url, accept);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      const again = await get(url, accept, { 'if-none-match': etag ?? '' });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      expect((await get(url, accept, { 'if-none-match': '"stale"' })).status).toBe(200);
    }
    // Each representation of a permalink has its own tag.
    const html = (await get('/kb/random-forest', 'text/html')).headers.get('etag');
    const json = (await get('/kb/random-forest', 'application/json')).headers.get('etag');
    expect(html).not.toBe(json);
  });

  test('pages count against the rate limit like other reads', async () => {
    const remaining = async () =>
      Number(
        /r=(\d+)/.exec((await get('/kb/random-forest', 'text/html')).headers.get('ratelimit') ?? '')?.[1],
      );
    const before = await remaining();
    await get('/embed/random-forest');
    await get('/kb/random-forest/chart.svg');
    expect(await remaining()).toBe(before - 3);
  });
});

describe('hostile content', () => {
  let own: TestServer;
  beforeAll(async () => {
    const entries = generateEntries({ algorithms: 1, qualities: 1, prefix: 'xss' }).map((entry) =>
      entry.kind === 'algorithm'
        ? {
            ...entry,
            title: 'Tree <script>alert("title")</script>',
            summary: 'Summary <img src=x onerror="alert(1)"> & more.',
            body: 'Body with <script>alert("body")</script> and [a link](javascript:alert(1)).\n\n<iframe src="https://evil.example"></iframe>',
          }
        : entry,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-web-'));
    fs.writeFileSync(path.join(dir, 'xss.yaml'), stringify({ entries }, { aliasDuplicateObjects: false }));
    own = await startTestServer({ template: 'empty', content: dir });
  });
  afterAll(() => own?.stop());

  test('markup in content is shown as text on pages, cards, charts and oEmbed, never run', async () => {
    const page = await (
      await fetch(`${own.baseUrl}/kb/xss-algorithm-0`, { headers: { accept: 'text/html' } })
    ).text();
    const card = await (await fetch(`${own.baseUrl}/embed/xss-algorithm-0`)).text();
    const chart = await (await fetch(`${own.baseUrl}/kb/xss-algorithm-0/chart.svg`)).text();
    for (const doc of [page, card, chart]) {
      expect(doc).not.toMatch(/<script>alert|<img src=x|<iframe src="https:\/\/evil|onerror="alert/);
      expect(doc).toContain('Tree &lt;script&gt;alert(');
    }
    expect(page).toContain('Body with &lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;iframe src=&quot;');
    expect(page).not.toMatch(/<iframe/);
    expect(page).not.toContain('href="javascript:');
    const permalink = `${own.baseUrl.replace('127.0.0.1', 'localhost')}/kb/xss-algorithm-0`;
    const oembed = (await (
      await fetch(`${own.baseUrl}/oembed?url=${encodeURIComponent(permalink)}`)
    ).json()) as {
      html: string;
      title: string;
    };
    expect(oembed.title).toBe('Tree <script>alert("title")</script>');
    expect(oembed.html).toContain(
      'title="Tree &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; (design-kb)"',
    );
  });
});
