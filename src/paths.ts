// Locations inside the project, found from this file whether it runs from src/ (tsx) or dist/.
import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'src', 'schema');
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'prisma', 'migrations');
export const CONTENT_DIR = path.join(PROJECT_ROOT, 'seed', 'content');
