// How far the JavaScript heap may grow between full garbage collections.
import v8 from 'node:v8';

/**
 * After each full garbage collection V8 lets the heap grow to the live size times a factor before
 * the next one. It picks the factor between 1.1 and 4 from how fast the program allocates
 * against how fast it collects (HeapController in V8's src/heap/heap-controller.h). A GraphQL
 * server allocates fast and briefly, so V8 picks factors near the top: under the bench's mixed
 * read load (embedded database, cache off) the heap grew from 80 MB at rest to about 230 MB.
 * `percent` fixes the factor at 1 + percent/100; 0 leaves V8's choice. At 100 (the embedded
 * default, HEAP_GROWTH_PERCENT) the process held about 295 MB after that load instead of 360-380
 * MB at the same requests/s, and a nested list cost about 12% more CPU per request. On PostgreSQL,
 * where throughput matters more than the process's size, 100 cost about 14% of the peers kit's
 * nested-list requests/s, so the default there is 0.
 */
export function limitHeapGrowth(percent: number): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
