import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { createPlannerStatistics } from '../../src/store/planner-statistics.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

/** When the worker refreshes the planner's statistics of the triage tables: after 200 alerts, then 1,000, 5,000... */
describe('the planner statistics of a growing store', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await test.drop();
  });

  const analyzed = async () =>
    (await test.db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_user_tables WHERE relname = 'alerts' AND analyze_count > 0"))[0]?.n ?? 0;
  const analyzeCount = async () =>
    (await test.db.query<{ n: number }>("SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = 'alerts'"))[0]?.n ?? 0;
  const eventually = async (check: () => Promise<boolean>) => {
    for (let tries = 0; tries < 100 && !(await check()); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  it('analyzes the triage tables once 200 alerts were decided, and next only after 1,000', async () => {
    const statistics = createPlannerStatistics(test.db, createLogger({ level: 'silent' }));
    for (let alert = 0; alert < 199; alert += 1) statistics.decided(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await analyzed()).toBe(0);

    statistics.decided(1);
    await eventually(async () => (await analyzed()) === 1);
    const first = await analyzeCount();
    expect(first).toBe(1);

    statistics.decided(799);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await analyzeCount()).toBe(first);
    statistics.decided(1);
    await eventually(async () => (await analyzeCount()) === first + 1);
    expect(await analyzeCount()).toBe(first + 1);
  });
});
