// The request's deadline inside CPU-bound work: between units of work (an entry rendered, a row
// compared, a slice of algorithms ranked) the work gives way to other requests and stops once the
// deadline (REQUEST_TIMEOUT_MS) has passed, so a timer-based timeout can fire and /healthz answers.
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import { giveWay, type Lane } from '../give-way';

export interface Deadline {
  /** When the request's time is up (ms since the epoch, like Date.now()); absent: never. */
  deadline?: number;
  /** The unit's lane (see giveWay). */
  lane?: Lane;
}

/** SERVICE_UNAVAILABLE once the deadline has passed. */
export function checkDeadline(ctx: Deadline): void {
  if (ctx.deadline !== undefined && Date.now() > ctx.deadline) {
    throw new GraphQLError(
      'The request ran out of time (REQUEST_TIMEOUT_MS); ask for less, or retry shortly.',
      {
        extensions: {
          code: ErrorCode.SERVICE_UNAVAILABLE,
          // A 503, like the one the deadline sends when the work is not CPU-bound.
          http: { status: 503, headers: new Map([['retry-after', '1']]) },
        },
      },
    );
  }
}

/** Lets other requests and timers run once this slice of time is used up, then checks the deadline. */
export async function betweenUnits(ctx: Deadline): Promise<void> {
  checkDeadline(ctx);
  await giveWay(ctx.lane);
  checkDeadline(ctx);
}
