// Caching: one key-value store (memory, or Redis when REDIS_URL is set) holds automatic persisted
// queries and the response cache; Cache-Control headers come from the schema's cache hints.
// Cached responses are keyed on the content revision, so a committed content change is seen by
// the next request on every instance.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import { ErrorsAreMissesCache, InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { cachePolicyPlugins } from './cache-policy';
import type { Context } from './context';
import type { ServerEvents } from './events';
import type { Redis } from './redis';

/** The store behind persisted queries and the response cache; Redis errors read as misses. */
export function createCache(redis: Redis | null, logger: Logger): KeyValueCache {
  if (!redis) return new InMemoryLRUCache<string>();
  const store = new KeyvRedis<string>(redis.client, {
    keyPrefixSeparator: ':',
    // The connection belongs to the process (see redis.ts): never reconnect or close it here.
    throwOnConnectError: false,
  });
  // Keyv hands its namespace to the store, which prefixes every key with it.
  const keyv = new Keyv<string>({ store, namespace: `${redis.prefix}cache`, useKeyPrefix: false });
  const warn = (error: unknown) => logger.warn({ err: error }, 'response cache store error');
  store.on('error', warn);
  keyv.on('error', warn);
  return new ErrorsAreMissesCache(new KeyvAdapter(keyv), {
    debug: (message) => logger.debug(message),
    info: (message) => logger.info(message),
    warn: (message) => logger.warn({ err: message }, 'response cache store error'),
    error: (message) => logger.error({ err: message }, 'response cache store error'),
  });
}

/**
 * The revision a request's cache key is built from, read before execution: whatever the resolvers
 * then read is at least this revision, so a response is never stored under a revision newer than
 * its data. Null when it could not be read.
 */
function revisionOf(requestContext: GraphQLRequestContext<Context>): Promise<bigint | null> {
  return requestContext.contextValue.loaders.contentRevision().catch(() => null);
}

/** Reports response-cache lookups as hits or misses. */
function cacheEventsPlugin(events: ServerEvents): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ metrics }) {
          // The response cache sets this to false on every lookup and true on a hit.
          if (metrics.responseCacheHit === true) events.cacheHit('store');
          else if (metrics.responseCacheHit === false) events.cacheMiss();
        },
      };
    },
  };
}

export function cachingPlugins(config: Config, events: ServerEvents): ApolloServerPlugin<Context>[] {
  const plugins: ApolloServerPlugin<Context>[] = [
    // Every read is public; the schema's @cacheControl hints say so, this sets how long.
    ...(cachePolicyPlugins(config.cacheMaxAge) as ApolloServerPlugin<Context>[]),
  ];
  if (config.responseCache && config.cacheMaxAge > 0) {
    plugins.push(
      responseCachePlugin<Context>({
        extraCacheKeyData: async (requestContext) => (await revisionOf(requestContext))?.toString() ?? null,
        // Without a revision there is no safe key: neither read nor write.
        shouldReadFromCache: async (requestContext) => (await revisionOf(requestContext)) !== null,
        shouldWriteToCache: async (requestContext) => (await revisionOf(requestContext)) !== null,
      }),
      cacheEventsPlugin(events),
    );
  }
  return plugins;
}
