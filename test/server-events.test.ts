// The hooks metrics attach to: a rate-limit refusal is reported once per refused request. (The
// rate limiter runs in process here, on a real Express server; it needs no database.)
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import type { ServerEvents } from '../src/server/events';
import { rateLimiter } from '../src/server/rate-limit';

test('rateLimited() is called for each refused request, and only for those', async () => {
  const counts = { cacheHit: 0, cacheMiss: 0, rateLimited: 0 };
  const events: ServerEvents = {
    cacheHit: () => (counts.cacheHit += 1),
    cacheMiss: () => (counts.cacheMiss += 1),
    rateLimited: () => (counts.rateLimited += 1),
  };
  const config = loadConfig({ RATE_LIMIT_MAX: '2' });
  const limiter = rateLimiter(config, null, createLogger('silent'), events);
  if (!limiter) throw new Error('rate limiting should be on');
  const app = express();
  app.use(limiter);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    expect(counts).toEqual({ cacheHit: 0, cacheMiss: 0, rateLimited: 3 });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
