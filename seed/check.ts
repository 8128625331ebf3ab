// `npm run seed:check [dir]`: validates the knowledge content without touching a database.
import { ContentError, loadContent } from './load';

try {
  const content = loadContent(process.argv[2]);
  const counts = new Map<string, number>();
  for (const { entry } of content.entries) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  const summary = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  process.stdout.write(`Content is valid: ${content.entries.length} entries (${summary}).\n`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  process.stderr.write(`${error.message}\nFix the files above and run npm run seed:check again.\n`);
  process.exitCode = 1;
}
