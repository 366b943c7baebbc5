import type { Duplex } from 'node:stream';
import pg from 'pg';
import type { Db } from './db.js';
import { preparedName } from './sql-file.js';

// Timestamps come back as ISO strings, not Date objects, so both backends return the same values.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString());
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const corked = new WeakSet<Duplex>();

/**
 * Holds what a connection sends until the end of the current tick, then sends it in one write: a pipelined write and
 * the statement that follows it (triage-lock.ts) go out together. Each write is a system call that wakes the server
 * (a fifth of the worker's time in bench:triage went to them), and the server reads the two in one wake-up.
 */
function sendTogetherUntilNextTick(stream: Duplex): void {
  if (corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}

/**
 * A `Db` on a PostgreSQL server (`DATABASE_URL`). Statement files (`sql()`) are prepared once per connection and
 * reused (see `preparedName`), so a pooler in front of the server must keep sessions (PgBouncer's session mode).
 */
export function createPostgresDb(connectionString: string, options: { max?: number; prepare?: boolean } = {}): Db {
  // The daemon's embedded store, served to CLI commands, is one session shared by every client: a statement one
  // client prepared under a name would be there, or missing, for the next.
  const prepare = options.prepare ?? true;
  // Pipeline mode: a statement sent while another is under way goes out at once instead of waiting for its answer
  // (triage sends a decision's last write and the next decision's first read together, Db.execute). Statements
  // awaited one by one run as they would without it.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 20, connectionTimeoutMillis: 5_000, pipeline: true });
  // An idle client that loses its server must not crash the process; the next query reports the failure.
  pool.on('error', () => undefined);
  const onClient = (client: pg.PoolClient | pg.Pool): Db => ({
    kind: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const name = prepare ? preparedName(sql) : undefined;
      if (client !== pool) sendTogetherUntilNextTick((client as pg.PoolClient).connection.stream);
      const result = await client.query(name === undefined ? { text: sql, values: params as unknown[] } : { name, text: sql, values: params as unknown[] });
      return result.rows as Row[];
    },
    async execute(sql: string, params?: readonly unknown[]) {
      await this.query(sql, params);
    },
    async transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
      if (client !== pool) return work(onClient(client));
      const connection = await pool.connect();
      // A checked-out client whose server goes away emits 'error' between queries; unheard, that event would
      // crash the process (found by test/faults/postgres-outage.test.ts). The next query fails instead, the job
      // is retried, and the broken client is destroyed on release rather than returned to the pool.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      connection.on('error', onError);
      try {
        await connection.query('BEGIN');
        const result = await work(onClient(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        connection.off('error', onError);
        connection.release(lost);
      }
    },
    async close() {
      if (client === pool) await pool.end();
    },
  });
  return onClient(pool);
}
