import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db } from './db.js';
import { PgliteSession } from './embedded/pglite-session.js';
import { PreparedStatements } from './embedded/prepared-statements.js';
import { plannedPerCall } from './sql-file.js';

/** An open PGlite with its `Db`, and the session its queries take turns on (shared with served clients). */
export interface PgliteStore {
  db: Db;
  pglite: PGlite;
  session: PgliteSession;
}

/**
 * How values come back, by type oid, overriding PGlite's parsers so that rows read as they do from `pg`:
 * timestamptz as an ISO string, date as its text, int8 as a number.
 */
export const VALUE_PARSERS = {
  1184: (value: string) => new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString(),
  1082: (value: string) => value,
  20: (value: string) => Number(value),
};

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
  const statements = new PreparedStatements(pglite, VALUE_PARSERS);
  const onTarget = (target: PGlite | Transaction): Db => ({
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const outside = target === pglite;
      if (!outside && (target as Transaction).closed) throw new Error('Transaction is closed');
      const data = PreparedStatements.handles(sql);
      // Reads and writes are kept prepared, and planned once PostgreSQL finds a generic plan as good (planning the
      // alert context was a third of its cost), except statement files planned per call (sql-file.ts: the
      // similar-incident search, 5x slower on a generic plan), which run unnamed, planned for their values.
      const run = data && !plannedPerCall(sql)
        ? () => statements.query<Row>(sql, params, outside)
        : async () => {
            const result = await target.query<Row>(sql, params as unknown[], { parsers: VALUE_PARSERS });
            // DDL and the like may change what the kept statements refer to.
            if (!data) statements.forget();
            return result.rows;
          };
      // Inside a transaction the session is already held, by the transaction.
      return outside ? session.run(run) : run();
    },
    async execute(sql: string, params?: readonly unknown[]) {
      await this.query(sql, params);
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
