// Loads, validates and applies content, reporting what was created, updated and left alone.
import type { Db } from '../src/db/client';
import { applyContent, type SeedReport } from './apply';
import { loadContent } from './load';

export type Say = (line: string) => void;

export async function seedDatabase(db: Db, dir: string | undefined, say: Say): Promise<SeedReport> {
  say(`Validating content in ${dir ?? 'seed/content'}…`);
  const content = loadContent(dir);
  say(`Content is valid: ${content.entries.length} entries. Writing in one transaction…`);
  const report = await applyContent(db, content, { onProgress: (m) => say(`  ${m}`) });
  if (report.created.length + report.updated.length > 0) {
    // Fresh planner statistics after a bulk write; without them PostgreSQL may scan whole tables.
    say('  updating planner statistics (ANALYZE)…');
    // seedDatabase: statistics after a content write
    await db.$executeRaw`ANALYZE`;
  }
  say(
    `Seed done: ${report.created.length} created, ${report.updated.length} updated, ${report.unchanged.length} left alone` +
      (report.notInContent.length > 0
        ? `; ${report.notInContent.length} entries in the database are not in the content and were kept`
        : '') +
      '.',
  );
  if (report.updated.length > 0 && report.updated.length <= 20)
    say(`  updated: ${report.updated.join(', ')}`);
  return report;
}
