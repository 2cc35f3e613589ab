// The memory bound of an evaluation: how far the JS heap has grown since it started.

/**
 * Most the JS heap may grow during one evaluation, in MB: a list that grows without end
 * (`while True: xs.append(...)`) stops here with a clear error rather than taking the
 * extension host or the command line down when memory runs out. Looked at with the clock.
 */
export const MAX_HEAP_GROWTH_MB = 1024;

/** The JS heap in use, in bytes, where the host can say (Node); null elsewhere. */
function heapUsed(): number | null {
  const p = (globalThis as { process?: { memoryUsage?: () => { heapUsed: number } } }).process;
  return typeof p?.memoryUsage === 'function' ? p.memoryUsage().heapUsed : null;
}

/**
 * Least time between two looks at the heap: `process.memoryUsage()` reads the process's
 * memory from the system, microseconds a call, and a file of 200,000 one-line statements
 * looked once per statement (a second of its four). The heap cannot grow far in 25 ms.
 */
const HEAP_CHECK_MS = 25;

/** Watches one evaluation's heap growth, looking at most every HEAP_CHECK_MS. */
export class HeapWatch {
  private readonly atStart = heapUsed();
  private checkedAt = Number.NEGATIVE_INFINITY;

  /** Whether the heap has grown more than `maxMb` since the start; false where it cannot be known (a browser). */
  grewPast(maxMb: number, now: number): boolean {
    if (this.atStart === null || now - this.checkedAt < HEAP_CHECK_MS) return false;
    this.checkedAt = now;
    const heap = heapUsed();
    return heap !== null && heap - this.atStart > maxMb * 1024 * 1024;
  }
}
