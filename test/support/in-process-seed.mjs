// Serves an embedded database and seeds it in the same process while clients read, as a server
// that seeds on start does: PGlite is single-process, so the only writer of a served embedded
// database is the process serving it. Run by revision-notifications.test.ts as
// `node in-process-seed.mjs DATA_DIR SLUG CONTENT_DIR...`; prints { reads, commits, hitStatements }
// as JSON. Plain JavaScript over the built server (npm run build), as `design-kb serve` runs it.
import { createRequire } from 'node:module';
import path from 'node:path';

const load = createRequire(import.meta.url);
const dist = (file) => load(path.resolve(import.meta.dirname, '..', '..', 'dist', file));
const { loadConfig } = dist('src/config.js');
const { openDatabase } = dist('src/db/client.js');
const { createLogger } = dist('src/logger.js');
const { startServer } = dist('src/server/index.js');
const { applyContent } = dist('seed/apply.js');
const { loadContent } = dist('seed/load.js');

async function main(dataDir, slug, contents) {
  process.env.DATA_DIR = dataDir;
  const config = { ...loadConfig(), port: 0, host: '127.0.0.1', sqlStats: true, cacheMaxAge: 300 };
  const database = await openDatabase(config.database);
  const server = await startServer(config, database, createLogger('warn'));
  const body = JSON.stringify({ query: `{ entry(slug: "${slug}") { summary } }` });
  const read = async () => {
    const sentAt = performance.now();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = await response.json();
    return {
      sentAt,
      summary: json.data?.entry?.summary ?? null,
      cached: response.headers.get('age') !== null,
      statements: json.extensions?.sqlStatements ?? null,
    };
  };
  // A cache hit that reads nothing: the revision came by notification.
  let hit = await read();
  for (let i = 0; i < 40 && !(hit.cached && hit.statements === 0); i++) hit = await read();

  const reads = [];
  const commits = [];
  let reading = true;
  const reader = async () => {
    while (reading) reads.push(await read());
  };
  const readers = Array.from({ length: 4 }, reader);
  for (const dir of contents) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await applyContent(database.db, loadContent(dir));
    commits.push(performance.now());
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  reading = false;
  await Promise.all(readers);
  await server.close();
  for (const closer of server.closers) await closer.close();
  await database.close();
  process.stdout.write(JSON.stringify({ reads, commits, hitStatements: hit.statements }));
}

const [dataDir, slug, ...contents] = process.argv.slice(2);
main(dataDir, slug, contents).catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
