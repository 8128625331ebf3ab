// Cooperative scheduling in the server's one thread. Work that resumes through promises alone
// (a page of renderings, a chain of embedded-database statements, which run synchronously in
// WASM) never lets the event loop poll for I/O, however many `await`s it holds: /healthz and
// every other request would wait until it is done. Such work calls giveWay() between its units,
// and each unit resumes on a turn of the event loop of its own, after pending I/O. Each request
// runs in a lane of its own, and the next turn goes to the waiting lane that has had the fewest
// so far (least attained service): a short request arriving while a long one runs is done after
// one more unit of the long one, not after all of it. The long one only waits while shorter
// ones are served, and its deadline (REQUEST_TIMEOUT_MS) still holds.
import { AsyncLocalStorage } from 'node:async_hooks';

interface Lane {
  /** Units of this lane waiting for a turn, in order of arrival. */
  waiting: (() => void)[];
  /** Turns this lane has had. */
  turns: number;
}

const lanes = new AsyncLocalStorage<Lane>();
/** Work outside any request (start-up, maintenance). */
const shared: Lane = { waiting: [], turns: 0 };
/** Lanes with waiting units, in order of arrival (few at a time: one per request in progress). */
const ready: Lane[] = [];
let scheduled = false;

function nextTurn(): void {
  let index = 0;
  ready.forEach((lane, i) => {
    if (lane.turns < (ready[index]?.turns ?? Infinity)) index = i;
  });
  const lane = ready[index];
  const resume = lane?.waiting.shift();
  if (lane) {
    lane.turns += 1;
    if (lane.waiting.length === 0) ready.splice(index, 1);
  }
  // An immediate scheduled from an immediate runs on the next turn of the loop, after its poll
  // phase: the unit resumed here (with its microtasks) is all that runs before I/O is looked at.
  scheduled = ready.length > 0;
  if (scheduled) setImmediate(nextTurn);
  resume?.();
}

/** Runs `fn` (a request's handling) in a lane of its own: its units take turns with other lanes'. */
export function inOwnLane<T>(fn: () => T): T {
  return lanes.run({ waiting: [], turns: 0 }, fn);
}

/** Resolves on a turn of the event loop of its own, once the lanes that have had fewer turns are served. */
export function giveWay(): Promise<void> {
  const lane = lanes.getStore() ?? shared;
  return new Promise((resolve) => {
    if (lane.waiting.length === 0) ready.push(lane);
    lane.waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(nextTurn);
    }
  });
}
