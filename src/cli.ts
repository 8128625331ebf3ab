// The design-kb command line: start | serve | mcp | migrate | seed [--dir DIR].
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ConfigError, forMaintenance, loadConfig, type Config } from './config';
import { assertDataDirFree, DatabaseInUseError, type AdapterOptions } from './db/adapter';
import { openDatabase, type Database } from './db/client';
import { MigrationRecoveryError, recoverInterruptedMigrations } from './db/migration-recovery';
import { limitHeapGrowth } from './heap';
import { createLogger } from './logger';
import { serveStdio } from './mcp/stdio';
import { PROJECT_ROOT } from './paths';
import { startServer } from './server';
import { RedisUnavailableError } from './server/redis';
import { shutDownOnSignals } from './server/shutdown';
import { ratingSnapshot } from './services/recommendation/snapshot';
import { ContentError } from '../seed/load';
import { seedDatabase } from '../seed/run';

const USAGE = `Usage: design-kb <command>

Commands:
  start              apply migrations, seed an empty database, then serve the API
  serve              serve the API (the database must already be migrated)
  mcp                apply migrations, seed an empty database, then serve MCP on stdin/stdout
  migrate            apply pending migrations (prisma migrate deploy)
  seed [--dir DIR]   load the knowledge content (default seed/content) into the database

Configuration comes from the environment; see README.md.`;

const say = (line: string) => process.stderr.write(`${line}\n`);

function describe(config: Config): string {
  return config.database.kind === 'postgres'
    ? `PostgreSQL (${new URL(config.database.url).host})`
    : `embedded PGlite in ${config.database.dataDir}`;
}

/**
 * The Prisma CLI's output, line by line, without its warning that the schema's datasource `url` is
 * unused: the CLI needs that placeholder to run its engine offline (see prisma/schema.prisma), so
 * the warning only confuses a newcomer.
 */
function withoutUrlWarning(print: (line: string) => void): { write(chunk: string): void; end(): void } {
  let pending = '';
  let skipping = false;
  const line = (text: string) => {
    if (text.startsWith('WARNING: Your schema specifies the following datasource properties'))
      skipping = true;
    if (!skipping) print(text);
    else if (text.includes('if you are only using driver adapters')) skipping = false;
  };
  return {
    write(chunk) {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(line);
    },
    end() {
      if (pending) line(pending);
      pending = '';
    },
  };
}

/**
 * Runs `node <args>` as a child whose output, all of it, goes to stderr (stdout is the protocol
 * channel of `mcp`), forwarding SIGINT and SIGTERM to it. Resolves with its exit code.
 */
function runChild(args: readonly string[]): Promise<number | null> {
  return new Promise<number | null>((resolve, reject) => {
    // With this process's Node options: under tsx (npm run dev), its loader runs the child too.
    const child = spawn(process.execPath, [...process.execArgv, ...args], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const printer = withoutUrlWarning(say);
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => printer.write(chunk));
    }
    child.once('close', () => printer.end());
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
      process.exitCode = 1;
    };
    const killChild = () => child.kill('SIGKILL');
    process.once('SIGINT', forward).once('SIGTERM', forward).once('exit', killChild);
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward).off('exit', killChild);
      if (signal === 'SIGINT' || signal === 'SIGTERM') process.exit(1);
      resolve(exitCode);
    });
  });
}

async function migrate(config: Config): Promise<void> {
  for (const line of await recoverInterruptedMigrations(forMaintenance(config.database))) say(line);
  say(`Applying migrations to ${describe(config)}…`);
  // The child kills itself when this process is gone (see migrate-child.ts); a signal that stops
  // this process stops the migration first.
  const code = await runChild([require.resolve('./db/migrate-child')]);
  if (code !== 0) {
    throw new Error(
      `prisma migrate deploy failed (exit ${code}); check that the database is reachable and see the output above.`,
    );
  }
}

async function seed(config: Config, dir: string | undefined): Promise<void> {
  const database = await openDatabase(forMaintenance(config.database));
  try {
    await seedDatabase(database.db, dir, say);
  } finally {
    await database.close();
  }
}

/** Opens the database and, when asked and it is empty, loads the knowledge base into it. */
async function openSeeded(config: Config, seedIfEmpty: boolean, options?: AdapterOptions): Promise<Database> {
  const database = await openDatabase(config.database, options);
  let empty: boolean;
  try {
    empty = seedIfEmpty && (await database.db.entry.count()) === 0;
  } catch (error) {
    await database.close();
    throw error;
  }
  if (!empty) return database;
  // The seed runs as `design-kb seed` in a process of its own, with the database closed here (an
  // embedded one has a single owner): the memory it takes to read and validate the whole content
  // goes with that process, and the server starts as light as on a database seeded before.
  await database.close();
  say('The database is empty: loading the knowledge base.');
  const code = await runChild([__filename, 'seed']);
  if (code !== 0) {
    throw new Error(
      `loading the knowledge base failed (exit ${code}); see the output above, then run \`npm start\` again.`,
    );
  }
  return openDatabase(config.database, options);
}

async function serve(config: Config, options: { seedIfEmpty: boolean }): Promise<void> {
  const logger = createLogger(config.logLevel);
  const database = await openSeeded(config, options.seedIfEmpty, {
    onPoolError: (error) =>
      logger.warn({ reason: error.message }, 'an idle database connection broke; the pool replaces it'),
  });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, database, logger);
  } catch (error) {
    await database.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        `Port ${config.port} on ${config.host} is already in use; set PORT to a free port.`,
      );
    }
    throw error;
  }
  logger.info({ url: server.url, database: config.database.kind }, 'design-kb is serving');
  // Warm the recommendation engine's rating matrix so the first recommendation does not pay for it.
  const warming = ratingSnapshot(database.db).catch((error: unknown) =>
    logger.warn({ err: error }, 'could not preload the rating matrix; it loads on first use'),
  );
  say(`design-kb is serving at ${server.url} on ${describe(config)}`);

  shutDownOnSignals({
    logger,
    stopServer: () => server.close(),
    closers: [
      ...server.closers,
      {
        name: 'database',
        // Closing the pool under the warm-up's transaction would leave its connection checked
        // out and the pool waiting for it forever.
        close: async () => {
          await warming;
          await database.close();
        },
      },
    ],
  });
}

/** MCP over stdio; like `start`, it migrates and seeds an empty database first. */
async function mcp(config: Config): Promise<void> {
  if (config.database.kind === 'pglite') {
    try {
      assertDataDirFree(config.database.dataDir);
    } catch (error) {
      if (!(error instanceof DatabaseInUseError)) throw error;
      throw new DatabaseInUseError(
        `${error.message}\nThe MCP server over stdio cannot share an embedded database with a running server: ` +
          `connect your MCP client to that server's HTTP endpoint (http://localhost:${config.port}/mcp) instead, ` +
          'or use PostgreSQL (DATABASE_URL), or give this process its own DATA_DIR.',
      );
    }
  }
  await migrate(config);
  const database = await openSeeded(config, config.seedOnStart);
  await serveStdio(config, database, createLogger(config.logLevel, 'stderr'));
  say(`design-kb MCP server is ready on stdio, on ${describe(config)}`);
}

export async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  switch (command) {
    case 'start':
      await migrate(config);
      return serve(config, { seedIfEmpty: config.seedOnStart });
    case 'serve':
      return serve(config, { seedIfEmpty: false });
    case 'mcp':
      return mcp(config);
    case 'migrate':
      return migrate(config);
    case 'seed':
      return seed(config, values.dir);
    default:
      throw new ConfigError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

/** Runs a command, printing failures in words and setting a non-zero exit code. */
export function runCli(argv: string[]): void {
  main(argv).catch((error: unknown) => {
    if (
      error instanceof ContentError ||
      error instanceof ConfigError ||
      error instanceof DatabaseInUseError ||
      error instanceof MigrationRecoveryError ||
      error instanceof RedisUnavailableError
    ) {
      say(error.message);
    } else
      say(`design-kb failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  });
}

if (require.main === module) runCli(process.argv.slice(2));
