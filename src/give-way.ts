// Cooperative scheduling in the server's one thread. Work that resumes through promises alone
// (a page of renderings, a chain of embedded-database statements, which run synchronously in
// WASM) never lets the event loop poll for I/O, however many `await`s it holds: /healthz and
// every other request would wait until it is done. Such work calls giveWay() between its units,
// and each unit resumes on a turn of its own, after pending I/O. Turns go round the requests
// (each runs in its own lane): a request with a hundred units waiting delays another request's
// next unit by one unit, not by a hundred.
import { AsyncLocalStorage } from 'node:async_hooks';

interface Lane {
  /** Units of this lane waiting for a turn, in order of arrival. */
  waiting: (() => void)[];
}

const lanes = new AsyncLocalStorage<Lane>();
/** Work outside any request (start-up, maintenance). */
const shared: Lane = { waiting: [] };
/** Lanes with waiting units, in the order their turns come. */
const ring: Lane[] = [];
let scheduled = false;

function nextTurn(): void {
  const lane = ring.shift();
  const resume = lane?.waiting.shift();
  if (lane && lane.waiting.length > 0) ring.push(lane);
  // An immediate scheduled from an immediate runs on the next turn of the loop, after its poll
  // phase: the unit resumed here (with its microtasks) is all that runs before I/O is looked at.
  scheduled = ring.length > 0;
  if (scheduled) setImmediate(nextTurn);
  resume?.();
}

/** Runs `fn` (a request's handling) in a lane of its own: its units take turns with other lanes'. */
export function inOwnLane<T>(fn: () => T): T {
  return lanes.run({ waiting: [] }, fn);
}

/** Resolves on a turn of the event loop of its own, once the units ahead of it in the round have run. */
export function giveWay(): Promise<void> {
  const lane = lanes.getStore() ?? shared;
  return new Promise((resolve) => {
    if (lane.waiting.length === 0) ring.push(lane);
    lane.waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(nextTurn);
    }
  });
}
