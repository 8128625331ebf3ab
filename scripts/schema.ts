// The schema contract. `print` writes schema.graphql from the code; `check [ref]` fails when the
// committed schema.graphql differs from what the code builds, and lists the breaking, dangerous
// and safe changes against the schema.graphql of `ref` (default: origin/main, or the previous
// commit when that is HEAD itself). A breaking change fails unless a commit since `ref` says
// `Schema-Breaking: intended` in its message.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Change, CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema as buildFromSdl } from 'graphql';
import { buildSchema } from '../src/server/schema';
import { printContract } from '../src/server/schema-contract';

const ROOT = path.resolve(__dirname, '..');
const CONTRACT = path.join(ROOT, 'schema.graphql');
const MARKER = /^Schema-Breaking: intended$/m;

function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** The ref to compare against: the one given, else origin/main, else HEAD's parent. */
function baseRef(given: string | undefined): string | null {
  if (given) return given;
  const head = git('rev-parse', 'HEAD');
  const origin = git('rev-parse', '--verify', '--quiet', 'origin/main');
  if (origin && origin !== head) return 'origin/main';
  return git('rev-parse', '--verify', '--quiet', 'HEAD^1') ? 'HEAD^1' : null;
}

function report(title: string, changes: Change[]): void {
  if (changes.length === 0) return;
  process.stdout.write(`${title} (${changes.length}):\n`);
  for (const change of changes) process.stdout.write(`  - ${change.message}\n`);
}

async function check(given: string | undefined): Promise<number> {
  const built = printContract(buildSchema());
  const committed = fs.existsSync(CONTRACT) ? fs.readFileSync(CONTRACT, 'utf8') : '';
  if (committed !== built) {
    process.stderr.write(
      'schema.graphql is not the schema the code builds. Run `npm run schema:print` and commit the result.\n',
    );
    return 1;
  }
  const ref = baseRef(given);
  const before = ref === null ? null : git('show', `${ref}:schema.graphql`);
  if (ref === null || before === null) {
    process.stdout.write(`schema.graphql matches the code; no earlier schema.graphql to compare with.\n`);
    return 0;
  }
  const changes = await diff(buildFromSdl(before), buildFromSdl(built));
  const of = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  const breaking = of(CriticalityLevel.Breaking);
  process.stdout.write(`schema.graphql matches the code. Changes since ${ref}: ${changes.length}\n`);
  report('Breaking', breaking);
  report('Dangerous', of(CriticalityLevel.Dangerous));
  report('Safe', of(CriticalityLevel.NonBreaking));
  if (breaking.length === 0) return 0;
  if (MARKER.test(git('log', '--format=%B', `${ref}..HEAD`) ?? '')) {
    process.stdout.write('Breaking changes are marked intended (Schema-Breaking: intended).\n');
    return 0;
  }
  process.stderr.write(
    'Breaking schema changes. Deprecate with @deprecated(reason:) first, or mark the commit with a line "Schema-Breaking: intended" and record it in CHANGELOG.md.\n',
  );
  return 1;
}

async function main(): Promise<number> {
  const [command, ref] = process.argv.slice(2);
  if (command === 'print') {
    fs.writeFileSync(CONTRACT, printContract(buildSchema()));
    process.stdout.write('Wrote schema.graphql\n');
    return 0;
  }
  if (command === 'check') return check(ref);
  process.stderr.write('usage: tsx scripts/schema.ts print | check [ref]\n');
  return 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Schema check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
