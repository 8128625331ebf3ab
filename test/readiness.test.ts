// /readyz: 200 when the database answers and every migration in prisma/migrations is applied;
// 503 naming what is missing otherwise. /healthz only says the process is alive.
import fs from 'node:fs';
import path from 'node:path';
import { createDatabase, ROOT, runSql } from './support/databases';
import { startTestServer, type TestServer } from './support/server';

const migrations = fs
  .readdirSync(path.join(ROOT, 'prisma', 'migrations'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function get(server: TestServer, route: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.baseUrl}${route}`);
  return { status: response.status, body: await response.json() };
}

test('a migrated database: ready', async () => {
  const server = await startTestServer();
  try {
    expect(await get(server, '/readyz')).toEqual({ status: 200, body: { ready: true } });
    expect(await get(server, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  } finally {
    await server.stop();
  }
});

test('a migration missing, another unfinished: 503 naming both, the process alive', async () => {
  expect(migrations.length).toBeGreaterThanOrEqual(2);
  const [first, last] = [migrations[0] as string, migrations.at(-1) as string];
  const database = await createDatabase('seeded');
  await runSql(
    database,
    `DELETE FROM _prisma_migrations WHERE migration_name = '${last}';
     UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '${first}';`,
  );
  const server = await startTestServer({ database });
  try {
    expect(await get(server, '/readyz')).toEqual({
      status: 503,
      body: {
        ready: false,
        reason: `migrations not applied: ${first}, ${last}; run npm run db:migrate`,
      },
    });
    expect(await get(server, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  } finally {
    await server.stop();
  }
});
