// One promise queue, keyed: work under one key runs one task at a time, in arrival order; different
// keys run side by side. The provider holds an ENI (or a region's checks) with it across a whole
// operation, the cloud layer serialises each single mutation per ENI and its session's gathers.
// A failed task does not poison its queue.

export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task under `key` has settled (success or failure). */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The map forgets a key once its last task is done, so a long run does not grow it.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
