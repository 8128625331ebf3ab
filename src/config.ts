// The environment, parsed and validated in one place. Every variable is documented in README.md.
import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = z.coerce.number().int().min(1);

/** Express's `trust proxy`: `false`, a hop count, or a comma-separated list of addresses/subnets. */
const trustProxy = z
  .string()
  .trim()
  .min(1)
  .refine((value) => value !== 'true', {
    error:
      'trusting every proxy lets any client pick its own address; give the number of proxies in front of the server (e.g. 1) or their addresses',
  })
  .transform((value): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value) === 0 ? false : Number(value);
    return value.split(',').map((part) => part.trim());
  });

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
  PGLITE_OPTIMIZING_COMPILER: booleanFromEnv.default(false),
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(300).optional(),
  SEED_ON_START: booleanFromEnv.default(true),
  SQL_STATS: booleanFromEnv.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_QUERY_DEPTH: positiveInt.default(10),
  MAX_QUERY_COST: positiveInt.default(50_000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(50),
  MAX_QUERY_TOKENS: positiveInt.default(3_000),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 100kb or 1mb')
    .default('100kb'),
  MAX_RESPONSE_BYTES: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must be a size such as 500kb or 5mb')
    .default('5mb'),
  MCP_ALLOWED_HOSTS: z.string().optional(),
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  TRUST_PROXY: trustProxy.default(false),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_PREFIX: z.string().min(1).default('design-kb:'),
  CACHE_MAX_AGE: z.coerce.number().int().min(0).default(60),
  RESPONSE_CACHE: booleanFromEnv.default(true),
  RESPONSE_CACHE_MEMORY_MB: z.coerce.number().int().min(0).default(32),
  REVISION_NOTIFICATIONS: booleanFromEnv.default(true),
  CORS_ORIGINS: z
    .string()
    .default('*')
    .refine(
      (value) => {
        const origins = parseOrigins(value);
        return origins === '*' || origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin));
      },
      { error: 'must be *, none, or comma-separated origins such as https://app.example.org' },
    ),
  EMBED_ORIGINS: z
    .string()
    .default('*')
    .refine(
      (value) => {
        const origins = value.trim() === 'none' ? [] : parseOrigins(value);
        return origins === '*' || origins.every((origin) => /^https?:\/\/[^/\s;,']+$/.test(origin));
      },
      { error: 'must be *, none, or comma-separated origins such as https://lms.example.edu' },
    ),
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
  | {
      kind: 'pglite';
      dataDir: string;
      /** Let V8 recompile the embedded database's hot WebAssembly with its optimizing compiler. */
      optimizingCompiler: boolean;
    };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Base of permalinks; null means http://localhost:<listening port>. */
  publicUrl: string | null;
  database: DatabaseConfig;
  seedOnStart: boolean;
  /** How far the JavaScript heap may grow past its live size between full collections, in %; 0: V8 decides. */
  heapGrowthPercent: number;
  sqlStats: boolean;
  logLevel: string;
  limits: QueryLimits;
  /** Largest accepted request body, in body-parser's notation (e.g. `100kb`). */
  bodyLimit: string;
  /** BODY_LIMIT in bytes. */
  bodyLimitBytes: number;
  /**
   * Host names /mcp answers to (DNS-rebinding protection): MCP_ALLOWED_HOSTS, else the loopback
   * names when HOST is a loopback address, else null (any host).
   */
  mcpAllowedHosts: string[] | null;
  /** Largest response body the server sends for one request (a GraphQL answer, an MCP tool's text), in bytes. */
  maxResponseBytes: number;
  /** Requests per client per window; 0 turns rate limiting off. */
  rateLimit: { max: number; windowSeconds: number };
  /** Express's `trust proxy` setting: which X-Forwarded-For hops to believe. */
  trustProxy: false | number | string[];
  /** Shared state (response cache, persisted queries, rate-limit counters); null keeps it in memory. */
  redis: { url: string; prefix: string } | null;
  /** `max-age` of cacheable responses, in seconds; 0 makes nothing cacheable. */
  cacheMaxAge: number;
  /** Whether the server keeps a response cache (CACHE_MAX_AGE must be above 0 too). */
  responseCache: boolean;
  /** Memory for finished responses kept in the process, in bytes; 0 keeps none. */
  finishedResponseBytes: number;
  /**
   * Whether servers learn the content revision by LISTEN/NOTIFY instead of reading it for every
   * request (turn off behind a proxy that pools connections per transaction, where LISTEN
   * silently receives nothing).
   */
  revisionNotifications: boolean;
  /** Origins allowed to call the API from a browser: `*` for any, empty for none. */
  corsOrigins: '*' | string[];
  /** Origins whose pages may frame the embeddable cards (/embed/…): `*` for any, none when empty. */
  embedOrigins: '*' | string[];
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

/** Limits every GraphQL document must respect; each is named after its variable in messages. */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/** Settings for maintenance commands (migrate, seed), where long statements are expected. */
export function forMaintenance(database: DatabaseConfig): DatabaseConfig {
  return database.kind === 'postgres' ? { ...database, statementTimeoutMs: 0 } : database;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The environment without its empty variables: `DATABASE_URL=` means unset, as in most tools. */
function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
}

/** Parses the environment; throws a ConfigError naming every invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid environment: ${problems}. See "Configuration" in README.md.`);
  }
  const e = parsed.data;
  const database: DatabaseConfig = e.DATABASE_URL
    ? {
        kind: 'postgres',
        url: e.DATABASE_URL,
        poolMax: e.DATABASE_POOL_MAX,
        idleTimeoutMs: e.DATABASE_POOL_IDLE_TIMEOUT_MS,
        connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      }
    : {
        kind: 'pglite',
        dataDir: path.resolve(e.DATA_DIR, 'pglite'),
        optimizingCompiler: e.PGLITE_OPTIMIZING_COMPILER,
      };
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    database,
    seedOnStart: e.SEED_ON_START,
    // Embedded, the process also holds the database; on PostgreSQL, throughput comes first.
    heapGrowthPercent: e.HEAP_GROWTH_PERCENT ?? (database.kind === 'pglite' ? 100 : 0),
    sqlStats: e.SQL_STATS,
    logLevel: e.LOG_LEVEL,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxDirectives: e.MAX_QUERY_DIRECTIVES,
      maxTokens: e.MAX_QUERY_TOKENS,
    },
    bodyLimit: e.BODY_LIMIT.toLowerCase(),
    bodyLimitBytes: byteSize(e.BODY_LIMIT),
    maxResponseBytes: byteSize(e.MAX_RESPONSE_BYTES),
    mcpAllowedHosts: e.MCP_ALLOWED_HOSTS
      ? e.MCP_ALLOWED_HOSTS.split(',')
          .map((host) => host.trim().toLowerCase())
          .filter(Boolean)
      : ['127.0.0.1', 'localhost', '::1'].includes(e.HOST)
        ? ['localhost', '127.0.0.1', '[::1]']
        : null,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
    trustProxy: e.TRUST_PROXY,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
    cacheMaxAge: e.CACHE_MAX_AGE,
    responseCache: e.RESPONSE_CACHE,
    finishedResponseBytes: e.RESPONSE_CACHE_MEMORY_MB * 1024 * 1024,
    revisionNotifications: e.REVISION_NOTIFICATIONS,
    corsOrigins: parseOrigins(e.CORS_ORIGINS),
    embedOrigins: e.EMBED_ORIGINS.trim() === 'none' ? [] : parseOrigins(e.EMBED_ORIGINS),
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    metrics: { token: e.METRICS_TOKEN ?? null, maxOperations: e.METRICS_MAX_OPERATIONS },
  };
}

/** `500kb` → 512000 (binary units, like body-parser's). */
function byteSize(value: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(value);
  const unit = match?.[2]?.toLowerCase();
  return Number(match?.[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

function parseOrigins(value: string): '*' | string[] {
  if (value.trim().toLowerCase() === 'none') return [];
  const origins = value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return origins.includes('*') ? '*' : origins;
}
