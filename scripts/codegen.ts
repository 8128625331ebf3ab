// Generates the resolver types of codegen.ts from the SDL in src/schema (npm run codegen; also run
// on install). It drives @graphql-codegen/core directly: the CLI's loaders bring dependencies
// that declare Node >= 22 and warn on every install.
import fs from 'node:fs';
import path from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as add from '@graphql-codegen/add';
import type { CodegenPlugin, Types } from '@graphql-codegen/plugin-helpers';
import * as typescript from '@graphql-codegen/typescript';
import * as typescriptResolvers from '@graphql-codegen/typescript-resolvers';
import { mergeTypeDefs } from '@graphql-tools/merge';
import config from '../codegen';

const ROOT = path.resolve(__dirname, '..');
const PLUGINS: Record<string, CodegenPlugin> = {
  add,
  typescript,
  'typescript-resolvers': typescriptResolvers,
};

/** The SDL files a `schema` glob of the form `dir/*.graphql` names, in a stable order. */
function readSchema(pattern: string) {
  const dir = path.join(ROOT, path.dirname(pattern));
  const suffix = path.basename(pattern).replace(/^\*/, '');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort();
  return mergeTypeDefs(files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
}

function pluginEntries(
  plugins: Types.OutputPreset | Types.OutputConfig[] | undefined,
): Types.ConfiguredPlugin[] {
  if (!Array.isArray(plugins)) throw new Error('codegen.ts: every output lists its plugins');
  return plugins.map((p) => (typeof p === 'string' ? { [p]: {} } : p));
}

async function main(): Promise<void> {
  if (typeof config.schema !== 'string') throw new Error('codegen.ts: schema must be one glob');
  const schema = readSchema(config.schema);
  for (const [filename, output] of Object.entries(config.generates)) {
    if (Array.isArray(output) || typeof output !== 'object') {
      throw new Error(`codegen.ts: ${filename} needs an object with plugins and config`);
    }
    const plugins = pluginEntries(output.plugins);
    const code = await codegen({
      filename,
      schema,
      documents: [],
      config: output.config ?? {},
      plugins,
      pluginMap: PLUGINS,
    });
    const target = path.join(ROOT, filename);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
    process.stdout.write(`Generated ${filename}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Code generation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
