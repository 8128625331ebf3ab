// Global ids (Relay object identification): an entry's kind and database id, base64url-encoded.
import type { EntryKind } from '../generated/prisma/client';
import { $Enums } from '../generated/prisma/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KINDS = new Set<string>(Object.values($Enums.EntryKind));

export function toGlobalId(kind: EntryKind, id: string): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');
}

/** The kind and database id in a global id, or null when it is not one of ours. */
export function fromGlobalId(globalId: string): { kind: EntryKind; id: string } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const kind = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 0 || !KINDS.has(kind) || !UUID.test(id)) return null;
  return { kind: kind as EntryKind, id };
}
