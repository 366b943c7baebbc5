import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createPgliteDb } from '../../src/store/pglite-db.js';
import { createPostgresDb } from '../../src/store/postgres-db.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type StoreKind = 'postgres' | 'pglite';
export const STORE_KINDS: StoreKind[] = ['postgres', 'pglite'];

export interface TestDatabase {
  db: Db;
  /** Connection string for a server database (postgres kind), or the data folder (pglite kind). */
  location: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file: a new database on the test PostgreSQL server, or
 * PGlite in a new temporary folder. No in-memory stand-in: both are PostgreSQL.
 */
export async function createTestDatabase(kind: StoreKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'firebreak-pglite-'));
    const db = await createPgliteDb(dir);
    await migrate(db);
    return {
      db,
      location: dir,
      async drop() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `firebreak_test_${randomBytes(6).toString('hex')}`;
  const admin = createPostgresDb(TEST_DATABASE_URL, { max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const db = createPostgresDb(url.toString());
  await migrate(db);
  return {
    db,
    location: url.toString(),
    async drop() {
      await db.close();
      const cleanup = createPostgresDb(TEST_DATABASE_URL, { max: 1 });
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}

/** A queue prefix of its own, so test files sharing one Redis never see each other's jobs. */
export function testQueuePrefix(): string {
  return `fbtest-${randomBytes(5).toString('hex')}`;
}
