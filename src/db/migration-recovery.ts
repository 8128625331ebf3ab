// Heals an interrupted first start: a migration recorded in _prisma_migrations as started but
// neither finished nor rolled back (the process died while applying it) makes every later
// `prisma migrate deploy` fail with P3009, and the CLI's `migrate resolve` needs the native schema
// engine, which cannot run offline. The same decision is made here, through the project's drivers.
//
// Why it is safe: each migration script is sent whole, as one simple-query message, which
// PostgreSQL and PGlite run as one implicit transaction (src/db/adapter.ts). An interrupted one is
// therefore either entirely committed (only Prisma's bookkeeping UPDATE was lost) or entirely
// absent. A dry run inside a transaction that is always rolled back tells which: it succeeds when
// the changes are absent (the row is marked rolled back, and deploy applies the migration again),
// and fails with "already exists" when they were committed (the row is marked finished). A script
// that controls transactions itself (COMMIT, CONCURRENTLY) could be half applied: it is left alone.
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseConfig } from '../config';
import { MIGRATIONS_DIR } from '../paths';
import { createPgPool, openPGlite } from './adapter';

/** SQLSTATEs of "this object already exists": a committed script run a second time. */
const ALREADY_EXISTS = new Set(['42P07', '42710', '42701', '42P06', '42723', '42P16', '23505']);

interface Session {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script as one message. */
  script(sql: string): Promise<void>;
  close(): Promise<void>;
}

async function openSession(database: DatabaseConfig): Promise<Session> {
  if (database.kind === 'postgres') {
    const pool = createPgPool({ ...database, statementTimeoutMs: 0, poolMax: 1 });
    const client = await pool.connect();
    return {
      query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
      script: async (sql) => {
        await client.query(sql);
      },
      close: async () => {
        client.release();
        await pool.end();
      },
    };
  }
  const { client, release } = await openPGlite(database.dataDir, database);
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query<T>(sql, params)).rows,
    script: async (sql) => {
      await client.exec(sql);
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

export class MigrationRecoveryError extends Error {
  override name = 'MigrationRecoveryError';
}

/** Resolves every unfinished migration as rolled back or finished; returns what it did, in words. */
export async function recoverInterruptedMigrations(database: DatabaseConfig): Promise<string[]> {
  const session = await openSession(database);
  const done: string[] = [];
  try {
    const [table] = await session.query<{ present: boolean }>(
      `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`,
    );
    if (!table?.present) return done;
    const unfinished = await session.query<{ id: string; migration_name: string }>(
      `SELECT id, migration_name FROM _prisma_migrations
       WHERE finished_at IS NULL AND rolled_back_at IS NULL ORDER BY started_at`,
    );
    for (const row of unfinished) {
      const file = path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql');
      const script = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
      if (script === null || /\b(COMMIT|CONCURRENTLY|ROLLBACK)\b/i.test(script)) {
        throw new MigrationRecoveryError(
          `Migration ${row.migration_name} was interrupted and cannot be checked automatically ` +
            `(${script === null ? 'its file is missing' : 'it controls transactions itself'}). See "Recovering an interrupted migration" in README.md.`,
        );
      }
      let committed = false;
      await session.script('BEGIN');
      try {
        await session.script(script);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && ALREADY_EXISTS.has(code)) committed = true;
        else {
          await session.script('ROLLBACK');
          throw new MigrationRecoveryError(
            `Migration ${row.migration_name} was interrupted, and running it again fails: ${(error as Error).message}. ` +
              'See "Recovering an interrupted migration" in README.md.',
          );
        }
      }
      await session.script('ROLLBACK');
      if (committed) {
        await session.query(
          `UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1, logs = NULL WHERE id = $1`,
          [row.id],
        );
        done.push(
          `Migration ${row.migration_name} had been applied when it was interrupted: recorded as finished.`,
        );
      } else {
        await session.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = $1`, [row.id]);
        done.push(`Migration ${row.migration_name} was interrupted before it committed: applying it again.`);
      }
    }
    return done;
  } finally {
    await session.close();
  }
}
