// MCP over stdio (`design-kb mcp`): stdout carries the protocol, so everything else goes to stderr.
import { randomUUID } from 'node:crypto';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import { createContext } from '../server/context';
import { createMcpServer } from './server';

/**
 * Serves MCP on stdin/stdout until stdin closes (the client went away) or a signal arrives, then
 * closes the database and exits.
 */
export async function serveStdio(config: Config, database: Database, logger: Logger): Promise<void> {
  // Permalinks point at where `design-kb start` serves with the same configuration.
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const server = createMcpServer({
    context: () =>
      createContext(database.db, config, {
        requestId: randomUUID(),
        publicUrl,
        statementCounter: { statements: 0 },
      }),
    logger,
  });
  await server.connect(new StdioServerTransport());

  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'MCP server shutting down');
    await server.close();
    await database.close();
    process.exit(0);
  };
  process.stdin.once('end', () => void stop('stdin closed'));
  process.stdin.once('close', () => void stop('stdin closed'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
