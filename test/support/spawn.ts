// Starts the built server (`design-kb serve`) as a child process on a free port and waits until
// it listens. Shared by the integration tests and the benchmark.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

export interface SpawnedServer {
  baseUrl: string;
  child: ChildProcess;
  /** Everything the server has printed so far. */
  output: () => string;
}

/** `env` selects the database (DATABASE_URL or DATA_DIR) and may override any setting. */
export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      DATA_DIR: undefined,
      PORT: '0',
      HOST: '127.0.0.1',
      SQL_STATS: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving at (http:\/\/\S+)\/graphql/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
  return { baseUrl, child, output: () => output };
}
