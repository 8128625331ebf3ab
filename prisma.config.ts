// Configures the Prisma CLI (migrate, generate) to run its schema engine through the same
// driver adapter as the server: PostgreSQL when DATABASE_URL is set, embedded PGlite otherwise.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { forMaintenance, loadConfig } from './src/config';
import { createAdapter } from './src/db/adapter';

/**
 * Embedded PostgreSQL re-arms an idle-statistics timer every 10 s and the CLI never closes its
 * adapter, so a finished `prisma migrate deploy` would never exit. In this short-lived CLI
 * process only, PGlite's timers must not keep Node alive.
 */
function letPGliteTimersExit(): void {
  const original = globalThis.setTimeout;
  const patched = (...args: Parameters<typeof original>) => {
    const timer = original(...args);
    if (new Error().stack?.includes('@electric-sql/pglite')) timer.unref();
    return timer;
  };
  globalThis.setTimeout = Object.assign(patched, original);
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const { database } = loadConfig();
    if (database.kind === 'pglite') letPGliteTimersExit();
    return (await createAdapter(forMaintenance(database))).factory;
  },
});
