// Readiness: the database answers and every migration in prisma/migrations has been applied.
import fs from 'node:fs';
import type { Database } from '../db/client';
import { MIGRATIONS_DIR } from '../paths';
import { databaseErrorReason } from './errors';

const expectedMigrations = fs
  .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

export interface Readiness {
  ready: boolean;
  /** For the public: what is wrong, without addresses or driver messages. */
  reason?: string;
  /** For the log: the driver's own words. */
  detail?: string;
}

export async function readiness(database: Database): Promise<Readiness> {
  try {
    // readiness: /readyz
    const applied = await database.db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const names = new Set(applied.map((m) => m.migration_name));
    const pending = expectedMigrations.filter((m) => !names.has(m));
    if (pending.length > 0) {
      return {
        ready: false,
        reason: `migrations not applied: ${pending.join(', ')}; run npm run db:migrate`,
      };
    }
    return { ready: true };
  } catch (error) {
    return {
      ready: false,
      reason: 'database unreachable',
      detail: `database unreachable: ${databaseErrorReason(error)}`,
    };
  }
}
