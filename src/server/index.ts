// Starts the HTTP server and stops it gracefully.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { Logger } from '../logger';
import { createApp } from './app';
import type { Closer } from './shutdown';
import { httpServerTimeouts } from './timeouts';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops accepting connections and lets requests in flight finish; after SHUTDOWN_GRACE_MS,
   * cuts the connections still open.
   */
  close(): Promise<void>;
  /** What the app holds besides the database (Redis, …), to release after close(). */
  closers: Closer[];
}

export async function startServer(
  config: Config,
  database: Database,
  logger: Logger,
): Promise<RunningServer> {
  const httpServer = http.createServer(httpServerTimeouts(config.requestTimeoutMs));
  const { handle, apollo, closers } = await createApp(config, database, logger, httpServer);
  httpServer.on('request', handle);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    close: () => apollo.stop(),
    closers,
  };
}
