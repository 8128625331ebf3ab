// Pages and cards in a real browser (Debian's headless Chromium through playwright-core): an
// entry page renders with its references and stylesheet under the strict CSP and fits a phone; a
// course page on another origin embeds a card through the oEmbed HTML; axe-core finds no serious
// or critical accessibility violation on a page, a card and the search page. Screenshots are
// written to $TMPDIR/shots.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/server';

jest.setTimeout(120_000);

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SHOTS = path.join(os.tmpdir(), 'shots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
/** The server's own address for permalinks (PUBLIC_URL unset: localhost and the port). */
let site: string;
let browser: Browser;
const courses: http.Server[] = [];
let courseUrl: string;
let otherCourseUrl: string;

/**
 * A page of a course website, as an LMS serves it: the oEmbed HTML of an entry pasted in, and a
 * permalink page framed as well (which must refuse).
 */
function startCourseSite(): Promise<string> {
  const course = http.createServer((_req, res) => {
    void (async () => {
      const oembed = (await (
        await fetch(
          `${server.baseUrl}/oembed?url=${encodeURIComponent(`${site}/kb/random-forest`)}&maxwidth=460`,
        )
      ).json()) as { html: string };
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3: choosing a model</title></head>
<body><h1>Week 3: choosing a model</h1><p>Read this before the lab:</p>${oembed.html}
<p>A permalink page is not for framing:</p><iframe id="not-a-card" src="${site}/kb/random-forest" width="400" height="200" title="Full page"></iframe>
</body></html>`);
    })();
  });
  courses.push(course);
  return new Promise((resolve) => {
    course.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(course.address() as AddressInfo).port}`),
    );
  });
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  fs.mkdirSync(SHOTS, { recursive: true });
  courseUrl = await startCourseSite();
  otherCourseUrl = await startCourseSite();
  // Cards may be framed by the first course site only.
  server = await startTestServer({ env: { EMBED_ORIGINS: courseUrl } });
  site = server.baseUrl.replace('127.0.0.1', 'localhost');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(courses.map((course) => new Promise((resolve) => course.close(resolve))));
  await server?.stop();
});

/** Opens a page, failing the test on any console error (a CSP violation logs one). */
async function open(url: string, options: { viewport?: { width: number; height: number } } = {}) {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, response, errors, close: () => context.close() };
}

async function imagesLoaded(page: Page, selector: string): Promise<boolean[]> {
  return page.$$eval(selector, (images) =>
    images.map((image) => (image as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0),
  );
}

test('an entry page renders with its references, chart and stylesheet, and fits a phone', async () => {
  const { data } = await server.gql<{ entry: { references: { slug: string }[] } }>(
    '{ entry(slug: "random-forest") { references { slug } } }',
  );
  const { page, response, errors, close } = await open(`${server.baseUrl}/kb/random-forest`);
  expect(response?.status()).toBe(200);
  expect(await page.locator('h1').first().textContent()).toBe('Random forest');
  const references = page.locator('h2:text-is("References") + ol > li');
  expect(await references.count()).toBe(data?.entry.references.length);
  expect(await references.first().textContent()).toMatch(/\(\d{4}|n\.d\.\)/);
  expect(await imagesLoaded(page, 'figure img')).toEqual([true]);
  // The stylesheet applied: the header has its background.
  const header = await page.$eval(
    'header.site',
    (el) =>
      (
        globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
      ).getComputedStyle(el).backgroundColor,
  );
  expect(header).toBe('rgb(246, 248, 250)');
  expect(await page.locator('#cite-heading').textContent()).toBe('How to cite this page');
  await page.screenshot({ path: path.join(SHOTS, 'page.png'), fullPage: true });
  expect(errors).toEqual([]);
  await close();

  const phone = await open(`${server.baseUrl}/kb/random-forest`, { viewport: { width: 390, height: 844 } });
  const widths = await phone.page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  await phone.page.screenshot({ path: path.join(SHOTS, 'page-phone.png') });
  await phone.close();
});

test('a course page on another origin embeds a card through the oEmbed HTML; a full page refuses', async () => {
  const { page, close } = await open(courseUrl);
  const card = page.frameLocator('iframe[src$="/embed/random-forest"]');
  await card.locator('h1').waitFor();
  expect(await card.locator('h1').textContent()).toBe('Random forest');
  expect(await card.locator('.kind').textContent()).toMatch(/ML algorithm/);
  expect(await card.locator('a.more').getAttribute('href')).toBe(`${site}/kb/random-forest`);
  const frame = page.frames().find((f) => f.url().endsWith('/embed/random-forest'));
  expect(frame).toBeDefined();
  expect(await imagesLoaded(frame as never, 'img')).toEqual([true]);
  // The permalink page says frame-ancestors 'self': Chromium shows its error page in its place.
  const refused = await (await page.$('#not-a-card'))?.contentFrame();
  expect(refused).toBeTruthy();
  expect(await refused?.locator('h1:text-is("Random forest")').count()).toBe(0);
  const iframe = page.locator('iframe[src$="/embed/random-forest"]');
  expect(await iframe.getAttribute('width')).toBe('460');
  const box = await iframe.boundingBox();
  // 460 pixels wide plus its 1-pixel border on each side.
  expect(box?.width).toBe(462);
  await page.screenshot({ path: path.join(SHOTS, 'course.png'), fullPage: true });
  await close();
});

test('a course site EMBED_ORIGINS does not name cannot frame the card', async () => {
  const { page, close } = await open(otherCourseUrl);
  await page.screenshot({ path: path.join(SHOTS, 'course-refused.png') });
  const frame = await (await page.$('iframe[src$="/embed/random-forest"]'))?.contentFrame();
  expect(frame).toBeTruthy();
  // Chromium replaces the refused document with its own error page.
  expect(frame?.url()).not.toMatch(/\/embed\/random-forest$/);
  expect(await frame?.locator('main.card').count()).toBe(0);
  expect(await frame?.locator('h1:text-is("Random forest")').count()).toBe(0);
  await close();
});

test('charts are well-formed SVG documents with a title a screen reader announces', async () => {
  const { page, close } = await open(
    `${server.baseUrl}/compare.svg?algorithms=decision-tree,random-forest,linear-regression`,
  );
  const root = await page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: { nodeName: string; getAttribute(n: string): string | null };
          querySelector(s: string): { textContent: string } | null;
        };
      }
    ).document;
    return {
      name: doc.documentElement.nodeName,
      role: doc.documentElement.getAttribute('role'),
      title: doc.querySelector('title')?.textContent,
      error: doc.querySelector('parsererror') !== null,
    };
  });
  expect(root).toEqual({
    name: 'svg',
    role: 'img',
    title: 'Comparison of Decision tree, Random forest, Linear regression',
    error: false,
  });
  await page.screenshot({ path: path.join(SHOTS, 'compare-chart.png') });
  await close();
});

describe('accessibility (axe-core)', () => {
  /** Serious and critical violations on a page; axe is injected past the CSP, which forbids scripts. */
  async function violations(url: string, shot: string) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(AXE_SOURCE);
    const found = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as {
          axe: {
            run(): Promise<{
              violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
            }>;
          };
        }
      ).axe;
      const result = await axe.run();
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
    await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
    await context.close();
    return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  test('an entry page', async () => {
    expect(await violations(`${server.baseUrl}/kb/random-forest`, 'axe-page.png')).toEqual([]);
  });

  test('a card', async () => {
    expect(await violations(`${server.baseUrl}/embed/random-forest`, 'card.png')).toEqual([]);
  });

  test('the search page', async () => {
    expect(await violations(`${server.baseUrl}/search?q=interpretability`, 'search.png')).toEqual([]);
  });
});
