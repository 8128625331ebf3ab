// The seed pipeline: idempotent upserts by slug, revisions, and all-or-nothing validation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { generateEntries } from '../seed/generate';
import { createDatabase, runCli, type DatabaseEnv } from './support/databases';
import { startTestServer, type TestServer } from './support/server';

// Embedded PostgreSQL is single-process, so each test seeds first and serves afterwards.
let database: DatabaseEnv;
let server: TestServer | undefined;

beforeEach(async () => {
  database = await createDatabase('empty');
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function contentDir(entries: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-seed-'));
  fs.writeFileSync(path.join(dir, 'content.yaml'), stringify({ entries }, { aliasDuplicateObjects: false }));
  return dir;
}

const ALGORITHM = /* GraphQL */ `
  query ($slug: String!) {
    algorithm(slug: $slug) {
      revision
      ratings {
        rationale
      }
    }
  }
`;

test('seeding twice changes nothing the second time; a changed entry is updated and its revision grows', async () => {
  const entries = generateEntries({ algorithms: 3, qualities: 2, prefix: 'idem' });
  const dir = contentDir(entries);

  const first = runCli(['seed', '--dir', dir], database);
  expect(first.status).toBe(0);
  expect(first.output).toContain(`${entries.length} created, 0 updated, 0 left alone`);

  const second = runCli(['seed', '--dir', dir], database);
  expect(second.output).toContain(`0 created, 0 updated, ${entries.length} left alone`);

  const changed = entries.map((e) =>
    e.slug === 'idem-algorithm-1' && e.kind === 'algorithm'
      ? {
          ...e,
          ratings: Object.fromEntries(
            Object.entries(e.ratings).map(([q, r]) => [q, { ...r, rationale: 'Revised rationale.' }]),
          ),
        }
      : e,
  );
  const third = runCli(['seed', '--dir', contentDir(changed)], database);
  expect(third.output).toContain(`0 created, 1 updated, ${entries.length - 1} left alone`);

  server = await startTestServer({ database });

  const result = await server.gql<{ algorithm: { revision: number; ratings: { rationale: string }[] } }>(
    ALGORITHM,
    { slug: 'idem-algorithm-1' },
  );
  expect(result.data?.algorithm.revision).toBe(2);
  expect(result.data?.algorithm.ratings.map((r) => r.rationale)).toEqual([
    'Revised rationale.',
    'Revised rationale.',
  ]);
  const untouched = await server.gql<{ algorithm: { revision: number } }>(ALGORITHM, {
    slug: 'idem-algorithm-0',
  });
  expect(untouched.data?.algorithm.revision).toBe(1);
});

test('adding search terms to an entry rewrites only that entry, and search finds it by them', async () => {
  const entries = generateEntries({ algorithms: 2, qualities: 1, prefix: 'terms' });
  expect(runCli(['seed', '--dir', contentDir(entries)], database).status).toBe(0);

  const phrased = entries.map((e) =>
    e.slug === 'terms-algorithm-0' ? { ...e, searchTerms: ['sort the quibbling widgets'] } : e,
  );
  const again = runCli(['seed', '--dir', contentDir(phrased)], database);
  expect(again.output).toContain(`0 created, 1 updated, ${entries.length - 1} left alone`);

  server = await startTestServer({ database });
  const result = await server.gql<{
    entry: { revision: number; aliases: string[]; searchTerms: string[] };
    search: { nodes: { slug: string }[] };
  }>(`{
    entry(slug: "terms-algorithm-0") { revision aliases searchTerms }
    search(query: "quibbling widgets") { nodes { slug } }
  }`);
  expect(result.errors).toBeUndefined();
  expect(result.data?.entry).toMatchObject({ revision: 2, searchTerms: ['sort the quibbling widgets'] });
  expect(result.data?.entry.aliases).not.toContain('sort the quibbling widgets');
  expect(result.data?.search.nodes.map((node) => node.slug)).toEqual(['terms-algorithm-0']);
});

test('a database in use by a running server is not opened a second time, and is released on SIGTERM', async () => {
  server = await startTestServer({ database });
  const result = runCli(['seed', '--dir', contentDir([])], database);
  if ('DATA_DIR' in database) {
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/is in use by process \d+/);
  } else {
    // PostgreSQL serves any number of processes at once.
    expect(result.status).toBe(0);
  }
  // SIGTERM shuts the server down cleanly and releases the database.
  expect(await server.stop()).toBe(0);
  expect(runCli(['seed', '--dir', contentDir([])], database).status).toBe(0);
});

test('invalid content names the file, the path and the reason, and writes nothing', async () => {
  const entries: unknown[] = generateEntries({ algorithms: 2, qualities: 2, prefix: 'broken' });
  const algorithm = entries[entries.length - 1] as { ratings: Record<string, { level: string }> };
  (algorithm.ratings['broken-quality-0'] as { level: string }).level = 'ENORMOUS';
  entries.push({
    kind: 'concept',
    slug: 'broken-concept',
    title: 'Concept',
    summary: 'Cites a reference that does not exist.',
    definition: 'Anything.',
    citations: [{ ref: 'no-such-reference' }],
  });
  const dir = contentDir(entries);

  const result = runCli(['seed', '--dir', dir], database);
  expect(result.status).not.toBe(0);
  expect(result.output).toMatch(/content\.yaml at entries\[\d+\]\.ratings\.broken-quality-0\.level: /);
  expect(result.output).toContain('nothing was written');

  // Shape errors stop validation before cross-references; fix the level and the unknown reference shows.
  (algorithm.ratings['broken-quality-0'] as { level: string }).level = 'HIGH';
  const again = runCli(['seed', '--dir', contentDir(entries)], database);
  expect(again.status).not.toBe(0);
  expect(again.output).toContain('citations[0].ref: no entry has slug "no-such-reference"');

  server = await startTestServer({ database });
  const lookup = await server.gql<{ entry: unknown }>('{ entry(slug: "broken-algorithm-0") { slug } }');
  expect(lookup.data?.entry).toBeNull();
});
