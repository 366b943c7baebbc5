/**
 * Deciding one alert at a time. Correlation reads what is open and undecided, then opens or joins an incident:
 * two workers doing that at once for related alerts would each open their own incident, or sweep up an alert the
 * other is still deciding. Implementations must guarantee that `run` bodies never overlap across every worker
 * sharing the store (an advisory lock on PostgreSQL; within the one process that owns an embedded store).
 */
export interface TriageLock {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** For a single caller that decides one alert at a time anyway (the evaluation's replay). */
export const NO_LOCK: TriageLock = { run: (work) => work() };
