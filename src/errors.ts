// The registry of expected errors: every code a client can receive in `extensions.code`.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  /** The request itself is malformed (not JSON, too large, nested too deep, a batch on /mcp). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** An argument is invalid; `extensions.argumentPath` names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A thing addressed by a non-nullable lookup does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** Credentials are missing or invalid. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The write conflicts with the current state. */
  CONFLICT: 'CONFLICT',
  /** The query exceeds a complexity limit. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The client sent too many requests. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A dependency such as the database is unavailable; retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** An unexpected failure; details are logged with the request id, never sent. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export type ArgumentPath = readonly (string | number)[];

/** An invalid argument: the message says what is allowed, `argumentPath` says which argument. */
export function badUserInput(message: string, argumentPath: ArgumentPath): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argumentPath: [...argumentPath] },
  });
}

/** What a client is told when the database cannot answer. */
export const DATABASE_UNAVAILABLE = 'The database is unavailable; retry shortly.';

/** A dependency (the database) failed or a deadline passed; the client should retry. */
export function serviceUnavailable(message: string = DATABASE_UNAVAILABLE): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });
}

/** A malformed HTTP request, answered before GraphQL runs. */
export function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST } });
}

/** Lists allowed values in an error message, shortened when there are many. */
export function listAllowed(values: readonly string[], max = 40): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown}, … (${values.length - max} more)` : shown;
}
