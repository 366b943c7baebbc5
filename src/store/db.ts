/**
 * The one database handle the store adapters use: PostgreSQL through `pg`, or the embedded PGlite, behind the
 * same two calls. SQL is written for PostgreSQL 15 (PGlite is 18) and must run on both.
 *
 * Values are always bound parameters ($1, $2 ...), never concatenated. Counts come back as strings from `pg`
 * and numbers from PGlite: cast them in SQL (`count(*)::int`).
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs a statement whose rows are not read. Inside a triage decision on PostgreSQL (triage-lock.ts) it is sent
   * at once and not waited for: what the decision (or the next one) sends after it runs after it, and its failure
   * fails the turn. Anywhere else it is `query` without the rows.
   */
  execute(sql: string, params?: readonly unknown[]): Promise<void>;
  /** Runs `work` in one transaction; PGlite runs one at a time, PostgreSQL on one pooled connection. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
