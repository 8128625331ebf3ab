// Cooperative scheduling in the server's one thread. Work that resumes through promises alone
// (a page of renderings, a chain of embedded-database statements, which run synchronously in
// WASM) never lets the event loop poll for I/O, however many `await`s it holds: /healthz and
// every other request would wait until it is done. Such work calls giveWay() between its units,
// and each unit resumes on a turn of the event loop of its own, after pending I/O. Each request
// runs in a lane of its own, and the next turn goes to the waiting lane that has had the fewest
// so far (least attained service): a short request arriving while a long one runs is done after
// one more unit of the long one, not after all of it. The long one only waits while shorter
// ones are served, and its deadline (REQUEST_TIMEOUT_MS) still holds.
//
// A request's lane travels with its context (ServiceContext.lane) to the code that gives way. Code
// that has no context, such as the embedded database's statements, finds the lane of the request
// it runs for in an async context (inLane), which costs a hook on every promise (before Node 24):
// entered only where such code runs.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Lane {
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

/** A lane for one request's work. */
export function newLane(): Lane {
  return { waiting: [], turns: 0 };
}

/** Runs `fn` (a request's handling) in `lane`, found by giveWay() without an explicit lane. */
export function inLane<T>(lane: Lane, fn: () => T): T {
  return lanes.run(lane, fn);
}

/**
 * Resolves on a turn of the event loop of its own, once the lanes that have had fewer turns are
 * served. `lane`: the request's (ServiceContext.lane); else the one inLane entered, else a lane
 * shared by work outside requests.
 */
export function giveWay(own?: Lane): Promise<void> {
  const lane = own ?? lanes.getStore() ?? shared;
  return new Promise((resolve) => {
    if (lane.waiting.length === 0) ready.push(lane);
    lane.waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(nextTurn);
    }
  });
}
