// The per-request context every resolver receives: the domain's ServiceContext (database, fresh
// loaders, permalink base) extended with the config and what the request log records.
import type { Config } from '../config';
import type { Db, StatementCounter } from '../db/client';
import type { Lane } from '../give-way';
import { createLoaders } from '../loaders';
import type { ServiceContext } from '../services/context';
import type { RequestObservation } from './observation';

/** The domain's context (db, loaders, publicUrl) and what the transports add. */
export interface Context extends ServiceContext {
  config: Config;
  requestId: string;
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
  {
    revision,
    ...request
  }: Pick<Context, 'requestId' | 'publicUrl' | 'statementCounter'> & {
    observation?: RequestObservation;
    deadline?: number;
    /** The content revision, when it has already been read for this request. */
    revision?: Promise<bigint>;
    lane?: Lane;
  },
): Context {
  return {
    db,
    loaders: createLoaders(db, revision, request.lane),
    config,
    observation: { startedAt: process.hrtime.bigint() },
    ...request,
  };
}
