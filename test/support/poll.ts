// Waiting for something a server does after it has answered (a log line, a cache write, a
// reconnection): ask again at an interval until the answer is the expected one or time is up.

export interface PollOptions {
  /** How long to keep asking; 2 s unless told. */
  timeoutMs?: number;
  /** The pause between two questions; 25 ms unless told. */
  intervalMs?: number;
}

/**
 * Calls `probe` until `done` holds for what it returns or `timeoutMs` has passed, and returns the
 * last value either way: the caller's assertion on it is what fails when time ran out.
 */
export async function poll<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 2000, intervalMs = 25 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await probe();
  }
  return value;
}
