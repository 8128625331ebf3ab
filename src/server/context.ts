// The per-request context every resolver receives: the database, fresh loaders, the config.
import type { Config } from '../config';
import type { Db, StatementCounter } from '../db/client';
import { createLoaders, type Loaders } from '../loaders';

export interface Context {
  db: Db;
  loaders: Loaders;
  config: Config;
  requestId: string;
  /** Base of permalinks, e.g. https://design-kb.example.org. */
  publicUrl: string;
  /** SQL statements issued for this request so far. */
  statementCounter: StatementCounter;
}

/** A context for one unit of work (a GraphQL request, a page, an MCP tool call), with fresh loaders. */
export function createContext(
  db: Db,
  config: Config,
  request: Pick<Context, 'requestId' | 'publicUrl' | 'statementCounter'>,
): Context {
  return { db, loaders: createLoaders(db), config, ...request };
}
