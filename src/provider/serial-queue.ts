// Small promise queues of the provider process. Two uses, both keyed: checks run one at a time per
// region (read the run's demand, gather facts, validate, record – atomic, so two checks in flight
// see each other), and create/update/delete run one at a time per ENI (re-validate and mutate with
// the ENI held steady, so two creates on one ENI cannot both pass re-validation and over-commit).
// The cloud layer has its own per-ENI queue around each single mutation; this one is outside it and
// spans the whole operation, so the two never wait on each other in a cycle.

export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task under `key` has settled (success or failure). */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    // The tail never rejects: one failed operation does not poison the queue.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with queued or running work (tests). */
  busyKeys(): string[] {
    return [...this.tails.keys()];
  }
}

/** check: read-validate-record per region. */
export const checkQueue = new SerialQueue();
/** create/update/delete: re-validate and mutate per ENI (key: region/eni). */
export const eniQueue = new SerialQueue();

export function eniKey(regionId: string, networkInterfaceId: string): string {
  return `${regionId}/${networkInterfaceId}`;
}
