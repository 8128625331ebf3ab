// MCP over Streamable HTTP at /mcp, stateless: every POST gets a new server and transport, so no
// session lives in memory and any instance behind a load balancer can answer any request.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import express from 'express';
import type { Logger } from '../logger';
import type { Context } from '../server/context';
import { createMcpServer } from './server';

export interface McpRouterOptions {
  /** Host names accepted in the Host header (DNS-rebinding protection); null accepts any. */
  allowedHosts: string[] | null;
  /** The context of the HTTP request a tool call arrives in (fresh loaders per call). */
  context(res: express.Response): Context;
  logger: Logger;
}

/**
 * Handles POST /mcp (JSON-RPC, body already parsed), one message per request; GET and DELETE
 * answer 405 (no sessions).
 */
export function mcpRouter(options: McpRouterOptions): express.Router {
  const router = express.Router();
  // A web page that rebinds its own name to this server's address sends its name as Host.
  if (options.allowedHosts) router.use(hostHeaderValidation(options.allowedHosts));
  router.post('/', async (req, res) => {
    // The rate limit counts requests: a batch of calls in one POST would pass as one.
    if (Array.isArray(req.body) && req.body.length > 1) {
      res.status(400).json({
        jsonrpc: '2.0',
        error: {
          code: -32600,
          message: `JSON-RPC batches are not accepted (this one holds ${req.body.length} messages): send one message per POST.`,
        },
        id: null,
      });
      return;
    }
    const server = createMcpServer({ context: () => options.context(res), logger: options.logger });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  const notAllowed: express.RequestHandler = (req, res) => {
    res
      .status(405)
      .set('allow', 'POST')
      .json({
        jsonrpc: '2.0',
        error: {
          code: -32000,
          message: `${req.method} is not supported: this MCP endpoint is stateless (no sessions, no server-sent event stream); send JSON-RPC messages with POST.`,
        },
        id: null,
      });
  };
  router.all('/', notAllowed);
  return router;
}
