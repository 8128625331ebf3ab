// Parses BibTeX back into CSL-JSON with citation-js, in a plain Node process: @citation-js/core
// loads node-fetch 3, an ES module that Jest's CommonJS sandbox cannot load.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface ParsedItem {
  type: string;
  title?: string;
  URL?: string;
  author?: { family?: string; given?: string; literal?: string }[];
  issued?: { 'date-parts'?: number[][] };
  [field: string]: unknown;
}

const SCRIPT = `
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const data = new Cite(input).data.map(({ _graph, ...item }) => item);
  process.stdout.write(JSON.stringify(data));
});
`;

export function parseBibtex(text: string): ParsedItem[] {
  const out = execFileSync(process.execPath, ['-e', SCRIPT], {
    input: text,
    cwd: path.resolve(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  return JSON.parse(out) as ParsedItem[];
}
