// Prometheus metrics (prom-client) served at /metrics: process defaults, requests by route,
// operation and outcome, response-cache hits and misses, rate-limit rejections, database pool.
import { createHash, timingSafeEqual } from 'node:crypto';
import type express from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/adapter';
import type { Database } from '../db/client';
import { ErrorCode } from '../errors';
import type { ServerEvents } from './events';
import { noteErrorCode, type RequestObserver } from './observation';

export interface Metrics {
  registry: Registry;
  /** What the response cache and the rate limiter report; each call counts one. */
  hooks: ServerEvents;
  /** Counts requests in flight and finished ones (an observer for observeRequests). */
  observer: RequestObserver;
  /** GET /metrics in the Prometheus text format, behind the bearer token when one is set. */
  handler: express.RequestHandler;
}

export interface MetricsOptions {
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token: string | null;
  /** Distinct operation names kept as labels; any further name is counted as "other". */
  maxOperations: number;
}

/** Label values clients influence: the first `max` distinct values are kept, the rest collapse. */
class BoundedLabel {
  private readonly seen = new Set<string>();
  constructor(
    private readonly max: number,
    private readonly overflow: string,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const digest = (value: string) => createHash('sha256').update(value).digest();

export function createMetrics(database: Database, options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'designkb_http_requests_total',
    help: 'HTTP requests answered, by route, GraphQL operation, outcome and error code.',
    labelNames: ['route', 'operation', 'outcome', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'designkb_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by route, GraphQL operation and outcome.',
    labelNames: ['route', 'operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'designkb_http_requests_in_flight',
    help: 'Requests received and not yet answered.',
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'designkb_response_cache_hits_total',
    help: 'Responses served from a cache: the finished responses this process holds (layer "process") or the response cache (layer "store").',
    labelNames: ['layer'] as const,
    registers: [registry],
  });
  for (const layer of ['process', 'store'] as const) cacheHits.labels(layer).inc(0);
  const cacheMisses = new Counter({
    name: 'designkb_response_cache_misses_total',
    help: 'Cacheable requests the response cache could not answer.',
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'designkb_rate_limited_total',
    help: 'Requests rejected by the rate limiter.',
    registers: [registry],
  });
  const revisionSyncs = new Counter({
    name: 'designkb_revision_syncs_total',
    help: "Syncs of the revision notifications' channel (a round trip on PostgreSQL), each shared by the requests waiting on it.",
    registers: [registry],
  });
  const revisionSyncRequests = new Counter({
    name: 'designkb_revision_sync_requests_total',
    help: "Requests answered at a revision vouched for by a sync of the notifications' channel.",
    registers: [registry],
  });

  // The pool is read when Prometheus scrapes, not sampled on a timer. PGlite has no pool.
  if (database.poolStats()) {
    const gauges: [name: string, help: string, field: keyof PoolStats][] = [
      ['designkb_db_pool_max_connections', 'Most connections the PostgreSQL pool opens.', 'max'],
      ['designkb_db_pool_connections', 'Connections the PostgreSQL pool holds open.', 'total'],
      ['designkb_db_pool_idle_connections', 'Open pool connections not in use.', 'idle'],
      ['designkb_db_pool_waiting_requests', 'Queries waiting for a free pool connection.', 'waiting'],
    ];
    for (const [name, help, field] of gauges) {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const stats = database.poolStats();
          if (stats) this.set(stats[field]);
        },
      });
    }
  }

  const operations = new BoundedLabel(options.maxOperations, 'other');
  const codes = new BoundedLabel(64, 'OTHER');
  const expected = options.token ? digest(options.token) : null;

  return {
    registry,
    hooks: {
      cacheHit: (layer) => cacheHits.labels(layer).inc(),
      cacheMiss: () => cacheMisses.inc(),
      rateLimited: () => rateLimited.inc(),
      revisionSynced(requests) {
        revisionSyncs.inc();
        revisionSyncRequests.inc(requests);
      },
    },
    observer: {
      started: () => inFlight.inc(),
      finished(summary) {
        inFlight.dec();
        const operation = !summary.graphql
          ? ''
          : summary.operationName === undefined
            ? 'unknown'
            : summary.operationName === null
              ? 'anonymous'
              : operations.of(summary.operationName);
        const labels = { route: summary.route, operation, outcome: summary.outcome };
        requests.inc({ ...labels, code: summary.code ? codes.of(summary.code) : '' });
        duration.observe(labels, summary.durationMs / 1000);
      },
    },
    async handler(req, res) {
      if (expected) {
        const sent = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
        if (!sent || !timingSafeEqual(digest(sent), expected)) {
          noteErrorCode(res, ErrorCode.UNAUTHENTICATED);
          res
            .status(401)
            .set('www-authenticate', 'Bearer realm="metrics"')
            .json({
              errors: [
                {
                  message: 'Metrics require "Authorization: Bearer <METRICS_TOKEN>".',
                  extensions: { code: ErrorCode.UNAUTHENTICATED },
                },
              ],
            });
          return;
        }
      }
      res.set('content-type', registry.contentType).set('cache-control', 'no-store');
      res.send(await registry.metrics());
    },
  };
}
