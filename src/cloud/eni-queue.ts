// One mutation at a time per ENI inside this process. The API answers Operation.Conflict to
// overlapping tasks on one ENI, and our read-back logic assumes nobody in-process moves the ENI
// between our call and our read. The queue is module-level on purpose: every session (and every
// Pulumi resource in the one provider process) shares it.

const tails = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task queued under `key` has settled (success or failure). */
export function runExclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  // The tail never rejects, so one failed mutation does not poison the queue.
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

/** Keys with queued or running work (tests, diagnostics). */
export function busyKeys(): string[] {
  return [...tails.keys()];
}
