import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db } from './db.js';
import { PgliteSession } from './embedded/pglite-session.js';

/** An open PGlite with its `Db`, and the session its queries take turns on (shared with served clients). */
export interface PgliteStore {
  db: Db;
  pglite: PGlite;
  session: PgliteSession;
}

/**
 * A `Db` on the embedded PGlite (PostgreSQL compiled to WASM), kept in `dataDir`, or in memory when `dataDir`
 * is undefined (the evaluation's scratch store; still real PostgreSQL, only not on disk).
 */
export async function createPgliteDb(dataDir: string | undefined): Promise<Db> {
  return (await openPgliteStore(dataDir)).db;
}

/** Opens PGlite in `dataDir`; every query and transaction of its `Db` holds the session while it runs. */
export async function openPgliteStore(dataDir: string | undefined): Promise<PgliteStore> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, extensions: { pg_trgm } });
  const session = new PgliteSession();
  const parsers = {
    1184: (value: string) => new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString(),
    1082: (value: string) => value,
    20: (value: string) => Number(value),
  };
  const onTarget = (target: PGlite | Transaction): Db => ({
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const run = () => target.query<Row>(sql, params as unknown[], { parsers });
      // Inside a transaction the session is already held, by the transaction.
      const result = target === pglite ? await session.run(run) : await run();
      return result.rows;
    },
    async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      if (target !== pglite) return work(onTarget(target));
      return session.run(() => pglite.transaction((tx) => work(onTarget(tx))));
    },
    async close() {
      if (target === pglite) await pglite.close();
    },
  });
  return { db: onTarget(pglite), pglite, session };
}
