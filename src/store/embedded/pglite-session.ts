/**
 * PGlite is one PostgreSQL backend: one session, one transaction at a time. When the daemon serves its store to
 * other processes, the daemon's own queries and each connected client take turns on that session, and a turn
 * lasts as long as the session is not idle: a whole transaction, or a whole extended-protocol batch (Parse ..
 * Sync), never one statement. Otherwise a client's statement would run inside the daemon's transaction (and be
 * rolled back with it), or one client's Bind would meet another client's Parse.
 *
 * Owners are granted the session in the order they asked for it.
 */
export class PgliteSession {
  #owner: unknown = null;
  #waiting: Array<{ owner: unknown; grant: () => void; refuse: (error: Error) => void }> = [];

  get owner(): unknown {
    return this.#owner;
  }

  /** Resolves once `owner` holds the session (at once when it already does). */
  acquire(owner: unknown): Promise<void> {
    if (this.#owner === owner) return Promise.resolve();
    if (this.#owner === null && this.#waiting.length === 0) {
      this.#owner = owner;
      return Promise.resolve();
    }
    return new Promise((grant, refuse) => this.#waiting.push({ owner, grant, refuse }));
  }

  /** Hands the session to the next owner in line; does nothing when `owner` does not hold it. */
  release(owner: unknown): void {
    if (this.#owner !== owner) return;
    const next = this.#waiting.shift();
    this.#owner = next === undefined ? null : next.owner;
    next?.grant();
  }

  /** Takes `owner` out of the line: its pending `acquire` calls fail with `reason`. */
  withdraw(owner: unknown, reason: Error): void {
    const leaving = this.#waiting.filter((waiter) => waiter.owner === owner);
    this.#waiting = this.#waiting.filter((waiter) => waiter.owner !== owner);
    for (const waiter of leaving) waiter.refuse(reason);
  }

  /** Runs `work` holding the session: one in-process query, or one whole transaction. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const owner = Symbol('in-process');
    await this.acquire(owner);
    try {
      return await work();
    } finally {
      this.release(owner);
    }
  }
}
