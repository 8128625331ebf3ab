// How entries and judgements read in text: shared by the Markdown renderings (markdown.ts, the
// kinds' sections) and the MCP answers (src/mcp/text.ts), so both say things the same way.
import type { Provenance } from '../generated/prisma/client';

/** Where a judgement comes from, as a table cell or an aside: "lecture", "literature", "editorial". */
export function provenanceLabel(provenance: Provenance | null | undefined): string {
  return provenance ? provenance.toLowerCase() : '';
}

/** " (from the lecture)" and so on after a judgement; empty when its provenance is not stated. */
export function provenanceNote(provenance: Provenance | null | undefined): string {
  switch (provenance) {
    case 'LECTURE':
      return ' (from the lecture)';
    case 'LITERATURE':
      return ' (from the literature)';
    case 'EDITORIAL':
      return " (design-kb's editorial judgement)";
    case null:
    case undefined:
      return '';
  }
}
