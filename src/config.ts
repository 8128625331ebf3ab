// The environment, parsed and validated in one place. Every variable is documented in README.md.
import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection string')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_MAX_OPERATIONS: z.coerce.number().int().min(1).max(10_000).default(100),
  DATA_DIR: z.string().min(1).default('.data'),
  SEED_ON_START: booleanFromEnv.default(true),
  SQL_STATS: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      poolMax: number;
      idleTimeoutMs: number;
      connectTimeoutMs: number;
      /** PostgreSQL cancels a statement running longer than this; 0 means never. */
      statementTimeoutMs: number;
    }
  | { kind: 'pglite'; dataDir: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Base of permalinks; null means http://localhost:<listening port>. */
  publicUrl: string | null;
  database: DatabaseConfig;
  seedOnStart: boolean;
  sqlStats: boolean;
  logLevel: string;
  /** A request still unanswered after this long gets a 503; 0 means no deadline. */
  requestTimeoutMs: number;
  /** How long in-flight requests may run after SIGTERM/SIGINT before their connections are cut. */
  shutdownGraceMs: number;
  metrics: {
    /** When set, /metrics requires `Authorization: Bearer <token>`. */
    token: string | null;
    /** Distinct GraphQL operation names kept as metric labels; later ones count as "other". */
    maxOperations: number;
  };
}

/** Settings for maintenance commands (migrate, seed), where long statements are expected. */
export function forMaintenance(database: DatabaseConfig): DatabaseConfig {
  return database.kind === 'postgres' ? { ...database, statementTimeoutMs: 0 } : database;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${problems}. See "Configuration" in README.md.`);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolMax: e.DATABASE_POOL_MAX,
          idleTimeoutMs: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
          connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
          statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR, 'pglite') },
    seedOnStart: e.SEED_ON_START,
    sqlStats: e.SQL_STATS,
    logLevel: e.LOG_LEVEL,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metrics: { token: e.METRICS_TOKEN ?? null, maxOperations: e.METRICS_MAX_OPERATIONS },
  };
}
