import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDb } from '../../../src/store/postgres-db.js';
import { createTriageLock } from '../../../src/store/triage/triage-lock.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

/**
 * The PostgreSQL triage lock as two worker processes hold it: each has its own pool and its own lock, and their
 * decisions, queued several at a time, must never overlap, whichever process takes its turn.
 */
describe('the triage lock on PostgreSQL', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await test.drop();
  });

  it('never lets two decisions overlap, across processes and within a turn', async () => {
    const other = createPostgresDb(test.location);
    try {
      const locks = [createTriageLock(test.db), createTriageLock(other)];
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      const decide = (n: number) => async () => {
        inside += 1;
        most = Math.max(most, inside);
        // A decision's own queries run on other pooled connections while the lock is held.
        await test.db.query('SELECT pg_sleep(0.002)');
        order.push(n);
        inside -= 1;
        return n;
      };
      const results = await Promise.all(Array.from({ length: 80 }, (_, n) => locks[n % 2]!.run(decide(n))));
      expect(results).toEqual(Array.from({ length: 80 }, (_, n) => n));
      expect(most).toBe(1);
      expect(order).toHaveLength(80);
    } finally {
      await other.close();
    }
  });

  it('fails only the decision that failed, undoing its writes; the others of its turn are made and kept', async () => {
    const lock = createTriageLock(test.db);
    await test.db.query('CREATE TABLE decided (n int PRIMARY KEY)');
    const write = (n: number) => lock.db.query('INSERT INTO decided (n) VALUES ($1)', [n]);
    const settled = await Promise.allSettled([
      lock.run(async () => write(1)),
      lock.run(async () => {
        await write(2);
        throw new Error('this alert could not be decided');
      }),
      // A database error aborts the turn: the others of it are made again, each on its own.
      lock.run(async () => write(1)),
      lock.run(async () => write(4)),
    ]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('this alert could not be decided'));
    expect((await test.db.query<{ n: number }>('SELECT n FROM decided ORDER BY n')).map((row) => row.n)).toEqual([1, 4]);
  });

  it('makes the decisions of a failed turn again, in their order, and runs what follows each only once', async () => {
    const lock = createTriageLock(test.db);
    await test.db.query('CREATE TABLE redone (n int PRIMARY KEY)');
    const runs: number[] = [];
    const followed: number[] = [];
    const decide = (n: number, fails: boolean) =>
      lock.run(async () => {
        runs.push(n);
        await lock.db.query('INSERT INTO redone (n) VALUES ($1)', [n]);
        await lock.afterCommit(async () => {
          followed.push(n);
        });
        if (fails) throw new Error(`alert ${n} could not be decided`);
        return n;
      });
    // 0 takes the first turn alone; 1, 2 and 3, queued meanwhile, take the next together.
    const settled = await Promise.allSettled([decide(0, false), decide(1, false), decide(2, true), decide(3, false)]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // That turn ran 1 and 2 and went back; then each of its decisions was made alone.
    expect(runs).toEqual([0, 1, 2, 1, 2, 3]);
    expect(followed).toEqual([0, 1, 3]);
    expect((await test.db.query<{ n: number }>('SELECT n FROM redone ORDER BY n')).map((row) => row.n)).toEqual([0, 1, 3]);
  });

  it('tells a decision made only once it is committed, and runs what follows it after the commit', async () => {
    const lock = createTriageLock(test.db);
    await test.db.query('CREATE TABLE followed (n int PRIMARY KEY)');
    const seenAfterCommit: number[] = [];
    const decisions = [1, 2, 3].map((n) =>
      lock.run(async () => {
        await lock.db.query('INSERT INTO followed (n) VALUES ($1)', [n]);
        // Another connection (a job the decision queues) must find the decision there once it runs.
        await lock.afterCommit(async () => {
          seenAfterCommit.push((await test.db.query<{ n: number }>('SELECT n FROM followed WHERE n = $1', [n])).length);
        });
        // Until the turn commits, nobody else sees it.
        return (await test.db.query('SELECT n FROM followed WHERE n = $1', [n])).length;
      }),
    );
    expect(await Promise.all(decisions)).toEqual([0, 0, 0]);
    expect(seenAfterCommit).toEqual([1, 1, 1]);
  });

  it('sends a write whose rows are not read without waiting for it; the decision is told once it is committed', async () => {
    const lock = createTriageLock(test.db);
    await test.db.query('CREATE TABLE pipelined (n int PRIMARY KEY)');
    // Another session holds an advisory lock the decision's write must wait for: the decision goes on regardless.
    const blocker = createPostgresDb(test.location);
    try {
      await blocker.transaction(async (held) => {
        await held.query('SELECT pg_advisory_xact_lock(424242)');
        let workDone = false;
        let told = false;
        const decision = lock.run(async () => {
          await lock.db.execute('INSERT INTO pipelined (n) SELECT 1 FROM pg_advisory_xact_lock(424242)');
          workDone = true;
          return 'decided';
        });
        void decision.then(() => (told = true));
        for (let tries = 0; !workDone && tries < 1000; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(workDone, 'the decision went on while its write waited').toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(told, 'nobody is told of a decision whose write is still under way').toBe(false);
        // Wrapped: the blocking session's transaction must end (and let the write through) before it is waited on.
        return { decision };
      }).then(async ({ decision }) => {
        expect(await decision).toBe('decided');
      });
      expect((await test.db.query<{ n: number }>('SELECT n FROM pipelined')).map((row) => row.n)).toEqual([1]);
    } finally {
      await blocker.close();
    }
  });

  it('runs what a decision sends after a write after it, and fails only that decision, with its error, when the write fails', async () => {
    const lock = createTriageLock(test.db);
    await test.db.query('CREATE TABLE ordered (n int PRIMARY KEY)');
    const decide = (n: number) =>
      lock.run(async () => {
        await lock.db.execute('INSERT INTO ordered (n) VALUES ($1)', [n]);
        // The next read sees the write it was sent behind.
        return (await lock.db.query<{ count: number }>('SELECT count(*)::int AS count FROM ordered')).map((row) => row.count)[0];
      });
    // 10 takes the first turn; the next three share a turn, where the second 11 fails on its write.
    const settled = await Promise.allSettled([decide(10), decide(11), decide(11), decide(12)]);
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((result) => (result.status === 'fulfilled' ? result.value : undefined))).toEqual([1, 2, undefined, 3]);
    // The write's own error, not "current transaction is aborted" from the read sent after it.
    expect(String((settled[2] as PromiseRejectedResult).reason)).toMatch(/duplicate key value violates unique constraint/);
    expect((await test.db.query<{ n: number }>('SELECT n FROM ordered ORDER BY n')).map((row) => row.n)).toEqual([10, 11, 12]);
  });

  it('fails every queued decision, without running it, when the lock cannot be taken', async () => {
    const away = createPostgresDb('postgres://postgres@127.0.0.1:1/firebreak_nowhere');
    try {
      const lock = createTriageLock(away);
      let ran = 0;
      const settled = await Promise.allSettled([1, 2, 3].map(() => lock.run(async () => (ran += 1))));
      expect(settled.every((result) => result.status === 'rejected')).toBe(true);
      expect(ran).toBe(0);
      // The lock is usable again once the database is: a later decision is tried anew, not left waiting.
      await expect(lock.run(async () => 'later')).rejects.toThrow();
    } finally {
      await away.close();
    }
  });
  it('reports each turn with how long it held the lock: at least its decisions\' time, at most the time it all took', async () => {
    const held: number[] = [];
    const lock = createTriageLock(test.db, { turnTaken: (seconds) => held.push(seconds) });
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => lock.run(() => lock.db.query('SELECT pg_sleep(0.005)'))));
    const elapsedS = (performance.now() - started) / 1000;
    // Queued together, the 20 decisions go in a turn or a few, never one turn each.
    expect(held.length).toBeGreaterThanOrEqual(1);
    expect(held.length).toBeLessThan(20);
    const total = held.reduce((sum, seconds) => sum + seconds, 0);
    expect(total).toBeGreaterThanOrEqual(20 * 0.005);
    expect(total).toBeLessThanOrEqual(elapsedS);
  });
});
