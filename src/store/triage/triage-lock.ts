import { AsyncLocalStorage } from 'node:async_hooks';
import type { TriageLock } from '../../../agents/ports/triage-lock.js';
import type { Db } from '../db.js';

/** An arbitrary constant naming Firebreak's triage lock among the database's advisory locks. */
const TRIAGE_LOCK_KEY = 7261002;

/**
 * How many queued decisions one process makes in a row while it holds the lock, before it lets the other workers
 * have their turn.
 */
const DECISIONS_PER_TURN = 32;

/** The triage lock of a store, with the database handle and the deferral the decisions made under it must use. */
export interface StoreTriageLock extends TriageLock {
  /**
   * The handle for everything a decision reads and writes: inside `run`, the turn's transaction (PostgreSQL);
   * anywhere else, the store itself. Adapters built on it serve both.
   */
  readonly db: Db;
  /**
   * Runs `action` once the decision being made has been committed (at once outside a decision): what others may
   * act on at once (a job on the queue) must not run before the decision it follows is visible. Its failure fails
   * the decision, as if it had failed inside.
   */
  afterCommit(action: () => Promise<void>): Promise<void>;
}

interface Waiting {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface DecisionScope {
  tx: Db;
  afterCommit: Array<() => Promise<void>>;
}

/**
 * The turn's transaction, where `execute` sends a write without waiting for it: the connection pipelines it with
 * whatever comes next (the decision's next read, or the next decision's first), so a decision's last write costs
 * no round trip of its own. `firstFailure` waits for every write sent and answers the first that failed: a failed
 * write fails the turn's transaction, so what was sent after it fails too, for that reason.
 */
function pipelinedWrites(tx: Db): { tx: Db; firstFailure(): Promise<{ error: unknown } | undefined> } {
  const sent: Array<Promise<void>> = [];
  let failure: { error: unknown } | undefined;
  const pipelined: Db = {
    kind: tx.kind,
    query: (text, params) => tx.query(text, params),
    execute(text, params) {
      sent.push(tx.query(text, params).then(() => undefined, (error: unknown) => void (failure ??= { error })));
      return Promise.resolve();
    },
    transaction: (work) => work(pipelined),
    close: () => tx.close(),
  };
  return {
    tx: pipelined,
    async firstFailure() {
      await Promise.all(sent.splice(0));
      return failure;
    },
  };
}

/**
 * The TriageLock port on the store.
 *
 * PostgreSQL: a turn is one transaction holding `pg_advisory_xact_lock`, so every worker process on the database
 * takes its turn. In its turn, a process makes the decisions it has queued meanwhile one after another (up to
 * DECISIONS_PER_TURN) and commits them together: one commit (one WAL flush) and one lock per turn instead of a
 * commit per statement, which under load was most of each alert's time. Writes whose rows are not read
 * (`Db.execute`) are pipelined with what follows them, so a decision waits on its reads only. A decision that
 * fails (or whose write failed) takes the turn's transaction down with it; the turn's decisions are then made
 * again one per turn, so that it fails alone and the others stand. Each decision's caller hears of it only once the turn has committed, so a job is never acknowledged
 * for a decision that could still be lost.
 *
 * PGlite lives in one process: a promise chain serialises the work there (a PGlite transaction would block the
 * work's own queries), and every statement is its own commit.
 */
/** Hears each turn a process took on PostgreSQL, with how long it held the lock (granted to committed). */
export interface TurnObserver {
  turnTaken(heldSeconds: number): void;
}

export function createTriageLock(db: Db, observer?: TurnObserver): StoreTriageLock {
  if (db.kind === 'pglite') {
    let tail: Promise<unknown> = Promise.resolve();
    return {
      db,
      run<T>(work: () => Promise<T>): Promise<T> {
        const result = tail.then(work, work);
        tail = result.catch(() => undefined);
        return result;
      },
      afterCommit: (action) => action(),
    };
  }

  const decisions = new AsyncLocalStorage<DecisionScope>();
  const queue: Waiting[] = [];
  let turnRunning = false;

  const routed: Db = {
    kind: db.kind,
    query: (text, params) => (decisions.getStore()?.tx ?? db).query(text, params),
    execute: (text, params) => (decisions.getStore()?.tx ?? db).execute(text, params),
    transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      const scope = decisions.getStore();
      // Inside a decision, its writes are already one unit: the turn's transaction, made again if the decision fails.
      return scope === undefined ? db.transaction(work) : work(scope.tx);
    },
    close: () => db.close(),
  };

  /**
   * Makes `turn`'s decisions in one transaction. Returns false when the store itself failed (the lock not taken,
   * the commit lost), true when every decision was made or failed on its own.
   */
  async function takeTurn(turn: Waiting[]): Promise<boolean> {
    const made: Array<{ waiting: Waiting; value: unknown; afterCommit: Array<() => Promise<void>> }> = [];
    let failedDecision = false;
    let lockedAt: number | null = null;
    try {
      await db.transaction(async (turnTx) => {
        await turnTx.query('SELECT pg_advisory_xact_lock($1)', [TRIAGE_LOCK_KEY]);
        lockedAt = performance.now();
        const writes = pipelinedWrites(turnTx);
        try {
          for (const waiting of turn) {
            const scope: DecisionScope = { tx: writes.tx, afterCommit: [] };
            made.push({ waiting, value: await decisions.run(scope, waiting.work), afterCommit: scope.afterCommit });
          }
        } catch (error) {
          failedDecision = true;
          // A decision that failed after a write of the turn failed failed because of it.
          throw (await writes.firstFailure())?.error ?? error;
        }
        const failed = await writes.firstFailure();
        if (failed !== undefined) {
          failedDecision = true;
          throw failed.error;
        }
      });
    } catch (error) {
      if (lockedAt !== null) observer?.turnTaken((performance.now() - lockedAt) / 1000);
      if (failedDecision && turn.length > 1) {
        // The failed decision's writes went back with the rest of the turn: each decision is made again in a turn
        // of its own, so that it fails alone. A savepoint per decision would spare that, at one round trip more for
        // every decision; a decision that fails is rare (its job is retried anyway).
        for (const [index, waiting] of turn.entries()) {
          if (await takeTurn([waiting])) continue;
          for (const left of turn.slice(index + 1)) left.reject(error);
          return false;
        }
        return true;
      }
      // The lock was not taken, or the turn did not commit (the database went away): nothing of it stands, every
      // decision in it fails and its job is retried.
      for (const waiting of turn) waiting.reject(error);
      return failedDecision;
    }
    if (lockedAt !== null) observer?.turnTaken((performance.now() - lockedAt) / 1000);
    for (const { waiting, value, afterCommit } of made) {
      try {
        for (const action of afterCommit) await action();
        waiting.resolve(value);
      } catch (error) {
        waiting.reject(error);
      }
    }
    return true;
  }

  async function takeTurns(): Promise<void> {
    turnRunning = true;
    try {
      while (queue.length > 0) await takeTurn(queue.splice(0, DECISIONS_PER_TURN));
    } finally {
      turnRunning = false;
    }
  }

  return {
    db: routed,
    run<T>(work: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!turnRunning) void takeTurns();
      });
    },
    async afterCommit(action) {
      const scope = decisions.getStore();
      if (scope === undefined) await action();
      else scope.afterCommit.push(action);
    },
  };
}
