import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { openPgliteStore, VALUE_PARSERS } from '../../src/store/pglite-db.js';

const ROLL_BACK = new Error('roll back');

/**
 * The embedded store's `Db` keeps a prepared statement per SQL text and runs it with PGlite's protocol pieces
 * instead of `PGlite.query()`. Every assertion here holds it to what `query()` gives on the same PGlite: the same
 * rows, key order and values, the same errors, so that a PGlite upgrade that changes either fails here.
 */
describe('statements on the embedded store', () => {
  let db: Db;
  let pglite: PGlite;

  /** What PGlite's own query() answers, with the parsers the store uses. */
  const pgliteQuery = async (sql: string, params: unknown[] = []) => (await pglite.query(sql, params, { parsers: VALUE_PARSERS })).rows;
  /** Runs a write in a transaction that is rolled back, and returns its rows. */
  const inRolledBack = async (run: (tx: Db) => Promise<unknown>): Promise<unknown> => {
    let rows: unknown;
    await db
      .transaction(async (tx) => {
        rows = await run(tx);
        throw ROLL_BACK;
      })
      .catch((error: unknown) => {
        if (error !== ROLL_BACK) throw error;
      });
    return rows;
  };
  const pgliteInRolledBack = async (sql: string, params: unknown[]): Promise<unknown> => {
    let rows: unknown;
    await pglite.transaction(async (tx) => {
      rows = (await tx.query(sql, params, { parsers: VALUE_PARSERS })).rows;
      await tx.rollback();
    });
    return rows;
  };
  const failure = (promise: Promise<unknown>) => promise.then(() => expect.fail('should have failed'), (error: unknown) => error as Error & { code?: string });

  beforeAll(async () => {
    ({ db, pglite } = await openPgliteStore(undefined));
    await db.query(`CREATE TABLE samples (
      id int PRIMARY KEY, at timestamptz, day date, big bigint, num numeric, ok boolean, doc jsonb, tags text[],
      ids int[], body text, raw bytea, stamp timestamp, ratio float8)`);
    const insert = 'INSERT INTO samples VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)';
    await db.query(insert, [
      1, new Date('2024-02-29T23:59:59.123Z'), '2024-02-29', 12_345_678_901, '12.50', true, { a: [1, 'x'], b: null },
      ['a', 'b,c', '"q"', null], [1, 2, 3], 'plain', Uint8Array.of(0, 255, 16), new Date('2024-03-01T00:00:00Z'), 1.5,
    ]);
    await db.query(insert, [2, '2024-03-01T10:00:00+02:00', null, null, null, false, [1, 2], [], null, 'é ✓ \\ \'', null, null, null]);
    await db.query(insert, [3, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  }, 60_000);

  afterAll(async () => {
    await db.close();
  });

  it.each<[string, unknown[]]>([
    ['SELECT * FROM samples ORDER BY id', []],
    ['SELECT * FROM samples WHERE id = $1', [1]],
    ['SELECT at, day FROM samples WHERE at <= $1 AND day = $2', [new Date('2024-03-01T00:00:00Z'), '2024-02-29']],
    ['SELECT count(*) AS n, sum(big) AS total, max(at) AS latest FROM samples WHERE id = ANY($1)', [[1, 2, 3]]],
    ['SELECT $1::text AS text, $2::int AS int, $3::jsonb AS doc, $4::boolean AS flag, $5::float8 AS ratio', ['x', 7, { k: 'v' }, true, 0.25]],
    ['SELECT doc -> $1 AS part, tags, ids FROM samples WHERE doc ? $1', ['a']],
    ['WITH picked AS (SELECT id, body FROM samples WHERE body IS NOT NULL) SELECT * FROM picked ORDER BY id', []],
    ['SELECT id FROM samples WHERE false', []],
    ['-- a header comment naming $1\nSELECT body FROM samples WHERE id = $1', [2]],
  ])('reads as PGlite query() reads: %s', async (sql, params) => {
    const ours = await db.query(sql, params);
    const theirs = await pgliteQuery(sql, params);
    expect(ours).toEqual(theirs);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    // Run again: the second run is the kept statement's.
    expect(JSON.stringify(await db.query(sql, params))).toBe(JSON.stringify(theirs));
  });

  it.each<[string, unknown[]]>([
    ['INSERT INTO samples (id, at, doc) VALUES ($1, $2, $3) RETURNING *', [10, new Date('2025-01-01T00:00:00Z'), { n: 1 }]],
    ['UPDATE samples SET body = $2, big = big + 1 WHERE id = $1 RETURNING id, body, big', [1, 'changed']],
    ['UPDATE samples SET body = $1', ['no rows back']],
    ['DELETE FROM samples WHERE id = $1 RETURNING id, day', [1]],
    ['WITH moved AS (UPDATE samples SET id = id + 100 WHERE id = $1 RETURNING id) SELECT id FROM moved', [2]],
  ])('writes as PGlite query() writes: %s', async (sql, params) => {
    const theirs = await pgliteInRolledBack(sql, params);
    expect(JSON.stringify(await inRolledBack((tx) => tx.query(sql, params)))).toBe(JSON.stringify(theirs));
    expect(JSON.stringify(await inRolledBack((tx) => tx.query(sql, params)))).toBe(JSON.stringify(theirs));
  });

  it.each<[string, string, unknown[]]>([
    ['a unique violation', 'INSERT INTO samples (id) VALUES ($1)', [1]],
    ['a bad parameter', 'SELECT * FROM samples WHERE id = $1', ['one']],
    ['a syntax error', 'SELECT * FROM samples WHERE', []],
    ['a missing table', 'SELECT * FROM no_such_table WHERE id = $1', [1]],
    ['a division by zero', 'SELECT $1::int / 0 AS n', [1]],
  ])('throws the error PGlite query() throws on %s, and carries on', async (_, sql, params) => {
    for (let run = 0; run < 2; run += 1) {
      const ours = await failure(db.query(sql, params));
      const theirs = await failure(pgliteQuery(sql, params));
      expect(ours.constructor).toBe(theirs.constructor);
      expect(ours.message).toBe(theirs.message);
      expect({ ...ours }).toEqual({ ...theirs });
      expect(ours.code).toMatch(/^[0-9A-Z]{5}$/);
    }
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('fails a statement given the wrong number of parameters as PGlite does', async () => {
    expect((await failure(db.query('SELECT $1::int AS n', [1, 2]))).code).toBe((await failure(pgliteQuery('SELECT $1::int AS n', [1, 2]))).code);
  });

  it('rolls back a transaction whose statement failed, and runs the next ones', async () => {
    const error = await failure(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO samples (id, body) VALUES ($1, $2)', [20, 'kept only if committed']);
        await tx.query('INSERT INTO samples (id, body) VALUES ($1, $2)', [1, 'duplicate']);
      }),
    );
    expect(error.code).toBe('23505');
    expect(await db.query('SELECT id FROM samples WHERE id = $1', [20])).toEqual([]);
    await db.transaction((tx) => tx.query('INSERT INTO samples (id, body) VALUES ($1, $2)', [21, 'committed']));
    expect(await db.query('SELECT body FROM samples WHERE id = $1', [21])).toEqual([{ body: 'committed' }]);
  });

  it('refuses a statement on a transaction that has ended, as PGlite does', async () => {
    let ended: Db | undefined;
    await db.transaction(async (tx) => {
      ended = tx;
    });
    await expect(ended!.query('SELECT 1 AS one')).rejects.toThrow('Transaction is closed');
  });

  it("keeps other statements out of a transaction, which they outlive when it rolls back", async () => {
    let outside: Promise<unknown> = Promise.resolve();
    await inRolledBack(async (tx) => {
      outside = Promise.all(Array.from({ length: 20 }, (_, n) => db.query('INSERT INTO samples (id) VALUES ($1) RETURNING id', [200 + n])));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return tx.query('INSERT INTO samples (id) VALUES ($1)', [199]);
    });
    expect(await outside).toEqual(Array.from({ length: 20 }, (_, n) => [{ id: 200 + n }]));
    expect(await db.query('SELECT count(*)::int AS n FROM samples WHERE id BETWEEN 199 AND 219')).toEqual([{ n: 20 }]);
  });

  describe('when the schema changes', () => {
    const select = 'SELECT * FROM widgets WHERE id = $1';

    beforeAll(async () => {
      await db.query('CREATE TABLE widgets (id int PRIMARY KEY, name text)');
      await db.query("INSERT INTO widgets VALUES (1, 'one')");
    });

    it('sees a column added through the Db', async () => {
      expect(await db.query(select, [1])).toEqual([{ id: 1, name: 'one' }]);
      await db.query("ALTER TABLE widgets ADD COLUMN color text DEFAULT 'red'");
      expect(await db.query(select, [1])).toEqual([{ id: 1, name: 'one', color: 'red' }]);
    });

    it("sees a column added behind the Db's back, as a served client would", async () => {
      expect(await db.query(select, [1])).toEqual([{ id: 1, name: 'one', color: 'red' }]);
      await pglite.exec('ALTER TABLE widgets ADD COLUMN size int DEFAULT 3');
      expect(await db.query(select, [1])).toEqual([{ id: 1, name: 'one', color: 'red', size: 3 }]);
    });

    it('fails a transaction once on a column added behind its back, then sees it', async () => {
      expect(await db.query(select, [1])).toHaveLength(1);
      await pglite.exec('ALTER TABLE widgets ADD COLUMN weight int DEFAULT 5');
      expect((await failure(db.transaction((tx) => tx.query(select, [1])))).code).toBe('0A000');
      expect(await db.transaction((tx) => tx.query(select, [1]))).toEqual([{ id: 1, name: 'one', color: 'red', size: 3, weight: 5 }]);
    });

    it('prepares its statements again after a DEALLOCATE ALL', async () => {
      expect(await db.query(select, [1])).toHaveLength(1);
      await pglite.exec('DEALLOCATE ALL');
      expect(await db.query(select, [1])).toHaveLength(1);
    });

    it('sees a table dropped and created again with other types through the Db', async () => {
      const byId = 'SELECT name FROM gadgets WHERE id = $1';
      await db.query('CREATE TABLE gadgets (id int PRIMARY KEY, name text)');
      await db.query("INSERT INTO gadgets VALUES (1, 'int id')");
      expect(await db.query(byId, [1])).toEqual([{ name: 'int id' }]);
      await db.query('DROP TABLE gadgets');
      await db.query('CREATE TABLE gadgets (id text PRIMARY KEY, name text)');
      await db.query("INSERT INTO gadgets VALUES ('g-1', 'text id')");
      expect(await db.query(byId, ['g-1'])).toEqual([{ name: 'text id' }]);
    });
  });

  it('keeps a bounded number of statements prepared', async () => {
    for (let n = 0; n < 300; n += 1) expect(await db.query(`SELECT ${n}::int AS n WHERE $1::boolean`, [true])).toEqual([{ n }]);
    const [kept] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'firebreak_kept_%'");
    expect(kept!.n).toBeGreaterThan(200);
    expect(kept!.n).toBeLessThanOrEqual(258);
    expect(await db.query('SELECT 0::int AS n WHERE $1::boolean', [true])).toEqual([{ n: 0 }]);
  });

  it('refuses statements once closed, as PGlite does', async () => {
    const store = await openPgliteStore(undefined);
    expect(await store.db.query('SELECT $1::int AS n', [1])).toEqual([{ n: 1 }]);
    await store.db.close();
    await expect(store.db.query('SELECT $1::int AS n', [1])).rejects.toThrow('PGlite is closed');
  });
});
