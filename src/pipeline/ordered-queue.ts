/**
 * Work that runs out of order but must be handed on in order: the front of the queue leaves
 * when it is ready, and the caller waits on it only while too many jobs are running. Shared by
 * the run's batch dispatch and the library's `tagDocuments`.
 */
type Entry<T> = { running: true; result: Promise<T> } | { running: false; value: T };

export class OrderedQueue<T> {
  private readonly entries: Entry<T>[] = [];
  private running = 0;

  /** `limit`: jobs running at once before `drain(false)` waits for the oldest. */
  constructor(private readonly limit: number) {}

  get length(): number {
    return this.entries.length;
  }

  /** A started job; its result keeps this place in the order. */
  start(result: Promise<T>): void {
    result.catch(() => {}); // awaited in order by drain; this only silences the early-rejection warning
    this.entries.push({ running: true, result });
    this.running++;
  }

  /** A value that is ready now but must wait for the jobs before it. */
  push(value: T): void {
    this.entries.push({ running: false, value });
  }

  /**
   * Hands on the front of the queue: ready values at once, and running jobs while `all` is set
   * or while more than `limit - 1` are running. A failed job throws here, in its place.
   */
  async *drain(all: boolean): AsyncGenerator<T> {
    while (this.entries.length > 0) {
      const front = this.entries[0]!;
      if (!front.running) {
        this.entries.shift();
        yield front.value;
        continue;
      }
      if (!all && this.running < this.limit) return;
      this.entries.shift();
      this.running--;
      yield await front.result;
    }
  }

  /** Waits for every job still queued, ignoring failures (for an early exit). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.entries.map((e) => (e.running ? e.result : undefined)));
  }
}
