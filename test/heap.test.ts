// HEAP_GROWTH_PERCENT reaches V8 as its heap-growing flag.
import v8 from 'node:v8';
import { limitHeapGrowth } from '../src/heap';

describe('limitHeapGrowth', () => {
  afterEach(() => jest.restoreAllMocks());

  it("sets V8's heap-growing factor to 1 + percent/100, and with 0 leaves it to V8", () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString');
    limitHeapGrowth(100);
    limitHeapGrowth(0);
    expect(setFlags.mock.calls).toEqual([['--heap-growing-percent=100'], ['--heap-growing-percent=0']]);
  });
});
