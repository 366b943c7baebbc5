import type { TriageLock } from '../../../agents/ports/triage-lock.js';
import type { Db } from '../db.js';

/** An arbitrary constant naming Firebreak's triage lock among the database's advisory locks. */
const TRIAGE_LOCK_KEY = 7261002;

/**
 * The TriageLock port on the store. PostgreSQL: a transaction holding `pg_advisory_xact_lock` for as long as
 * the work runs (the work's own queries use other pooled connections), so every worker process on the database
 * takes its turn. PGlite lives in one process: a promise chain serialises the work there (a PGlite transaction
 * would block the work's own queries).
 */
export function createTriageLock(db: Db): TriageLock {
  if (db.kind === 'pglite') {
    let tail: Promise<unknown> = Promise.resolve();
    return {
      run<T>(work: () => Promise<T>): Promise<T> {
        const result = tail.then(work, work);
        tail = result.catch(() => undefined);
        return result;
      },
    };
  }
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [TRIAGE_LOCK_KEY]);
        return work();
      });
    },
  };
}
