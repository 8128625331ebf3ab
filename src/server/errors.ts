// The error boundary: expected errors pass through with their code; anything else is logged with
// the request id and masked, so clients never see internals.
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, serviceUnavailable } from '../errors';
import { formatLimitError } from './limits';

/** Codes whose messages are written for clients (ours and Apollo's request-level ones). */
const CLIENT_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01', // admin_shutdown: the server terminated the connection
  '57P03', // cannot_connect_now
  '57014', // query_canceled: DATABASE_STATEMENT_TIMEOUT_MS ran out
  '08000',
  '08001',
  '08003',
  '08006',
  'P1001',
  'P1017',
]);

/** True when the error (or its causes) says the database could not be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth += 1) {
    const candidate = e as {
      code?: unknown;
      cause?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    if (typeof candidate.code === 'string' && CONNECTION_FAILURES.has(candidate.code)) return true;
    if (
      typeof candidate.message === 'string' &&
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Can't reach database/i.test(
        candidate.message,
      )
    ) {
      return true;
    }
    // A raw statement's failure (Prisma's P2010) carries the driver's error in its meta.
    e = candidate.cause ?? candidate.meta?.driverAdapterError;
  }
  return false;
}

/** The gist of a database error: the last line of its message (Prisma prefixes call sites). */
export function databaseErrorReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .pop() ?? 'unknown error'
  );
}

/** Whether the client may see this error as it is. */
export function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (!(original instanceof GraphQLError)) return false;
  const code = original.extensions.code;
  // Errors raised by graphql-js itself (e.g. variable coercion) carry no code until Apollo adds one.
  return code === undefined || (typeof code === 'string' && CLIENT_CODES.has(code));
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limitError = formatLimitError(formatted, error);
  if (limitError) return limitError;
  if (isClientError(error)) {
    const { extensions, ...rest } = formatted;
    const { stacktrace: _dropped, ...kept } = extensions ?? {};
    // Request errors graphql-js and Apollo raise without a code (a persisted query whose hash does
    // not match) are labelled INTERNAL_SERVER_ERROR by Apollo; they are the client's.
    if (kept.code === ErrorCode.INTERNAL_SERVER_ERROR) kept.code = ErrorCode.BAD_REQUEST;
    return { ...rest, extensions: kept };
  }
  if (isDatabaseUnavailable(unwrapResolverError(error))) {
    return { ...serviceUnavailable().toJSON(), path: formatted.path };
  }
  return {
    message: 'Internal server error; it has been logged.',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * The formatError of one mode. In production, messages keep no "Did you mean …?" hints (field
 * names are masked by graphql-armor during validation; enum values and argument names offered
 * while coercing variables are dropped here); they say where the names are listed instead.
 */
export function formatErrorFor(
  production: boolean,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  if (!production) return formatError;
  return (formatted, error) => {
    const result = formatError(formatted, error);
    const message = result.message.replace(/ ?Did you mean [^?]*\?/g, '');
    return {
      ...result,
      message:
        message === result.message ? message : `${message} The names are listed at GET /schema.graphql.`,
    };
  };
}
