import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../support/databases.js';

describe.each(STORE_KINDS)('migrations on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.drop();
  });

  it('creates the incident log tables', async () => {
    const rows = await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('incidents', 'alerts', 'verdicts', 'silences', 'action_runs')",
    );
    expect(rows[0]?.n).toBe(5);
  });

  it('applies nothing the second time', async () => {
    expect(await migrate(database.db)).toEqual([]);
  });
});
