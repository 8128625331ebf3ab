// The per-request context every resolver receives: the database, fresh loaders, the config.
import type { Config } from '../config';
import type { Db, StatementCounter } from '../db/client';
import { createLoaders, type Loaders } from '../loaders';
import type { RequestObservation } from './observation';

export interface Context {
  db: Db;
  loaders: Loaders;
  config: Config;
  requestId: string;
  /** Base of permalinks, e.g. https://design-kb.example.org. */
  publicUrl: string;
  /** SQL statements issued for this request so far. */
  statementCounter: StatementCounter;
  /** What the request log and metrics record about this request (operation, error codes). */
  observation: RequestObservation;
  /** When the request's time is up (REQUEST_TIMEOUT_MS after it arrived); absent: never. */
  deadline?: number;
}

/**
 * A context for one unit of work (a GraphQL request, a page, an MCP tool call), with fresh loaders.
 * Outside an HTTP request (MCP over stdio) the observation is a fresh one nobody reads.
 */
export function createContext(
  db: Db,
  config: Config,
  request: Pick<Context, 'requestId' | 'publicUrl' | 'statementCounter'> & {
    observation?: RequestObservation;
    deadline?: number;
  },
): Context {
  return {
    db,
    loaders: createLoaders(db),
    config,
    observation: { startedAt: process.hrtime.bigint() },
    ...request,
  };
}
