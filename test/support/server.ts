// Starts the real server as a child process on its own database and talks to it over HTTP.
import { createDatabase, runCliOk, type DatabaseEnv } from './databases';
import { poll } from './poll';
import { spawnServer } from './spawn';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { sqlStatements?: number };
}

export interface TestServer {
  baseUrl: string;
  env: DatabaseEnv;
  /** POSTs a GraphQL request and returns the parsed JSON body. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>>;
  /** Everything the server has printed so far (JSON logs and messages). */
  output: () => string;
  /** Sends SIGTERM (or `signal`) and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** Which template to copy: the seeded knowledge base (default) or an empty, migrated database. */
  template?: 'empty' | 'seeded';
  /** A content directory to seed into the database before the server starts. */
  content?: string;
  /** An existing database to serve (instead of a fresh copy of a template). */
  database?: DatabaseEnv;
  env?: Record<string, string>;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const env = options.database ?? (await createDatabase(options.template ?? 'seeded'));
  if (options.content) runCliOk(['seed', '--dir', options.content], env);
  const { baseUrl, child, output } = await spawnServer({ ...env, ...options.env });
  return {
    baseUrl,
    env,
    async gql(query, variables) {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as never;
    },
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
  };
}

/**
 * A `startTestServer` for a test file that starts several servers: every server it starts is
 * stopped once the file's tests are done. Call it at the top level of the file.
 */
export function startedForThisFile(): (options?: StartOptions) => Promise<TestServer> {
  const servers: TestServer[] = [];
  afterAll(() => Promise.all(servers.map((server) => server.stop())));
  return async (options) => {
    const server = await startTestServer(options);
    servers.push(server);
    return server;
  };
}

/**
 * Waits until the server learns the content revision by notification. Until then each request
 * also reads the revision; after it, a repeated query (a cache hit) costs no statement, so the
 * `sqlStatements` a request reports are its own. Fails when that does not happen within 10 s.
 */
export async function untilRevisionNotificationsAreLive(server: TestServer): Promise<void> {
  const live = await poll(
    () => server.gql('{ qualities(first: 1) { nodes { slug } } }'),
    (answer) => answer.extensions?.sqlStatements === 0,
    { timeoutMs: 10_000 },
  );
  if (live.extensions?.sqlStatements !== 0) {
    throw new Error(
      `revision notifications did not go live: a repeated query still read ${live.extensions?.sqlStatements} statements`,
    );
  }
}
