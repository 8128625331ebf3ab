// What the domain needs from a unit of work (a GraphQL request, a page, an MCP tool call): the
// database, fresh loaders, the base of permalinks and the unit's deadline. Transports extend it (src/server/context.ts).
import type { Db } from '../db/client';
import type { Loaders } from '../loaders';
import type { Deadline } from './deadline';

/** `deadline` bounds CPU-bound work and `lane` lets it take turns with other units' (see deadline.ts). */
export interface ServiceContext extends Deadline {
  db: Db;
  loaders: Loaders;
  /** Base of permalinks, e.g. https://design-kb.example.org. */
  publicUrl: string;
}
