// What the domain needs from a unit of work (a GraphQL request, a page, an MCP tool call): the
// database, fresh loaders and the base of permalinks. Transports extend it (src/server/context.ts).
import type { Db } from '../db/client';
import type { Loaders } from '../loaders';

export interface ServiceContext {
  db: Db;
  loaders: Loaders;
  /** Base of permalinks, e.g. https://design-kb.example.org. */
  publicUrl: string;
}
