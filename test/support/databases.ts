import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openDb } from '../../src/store/open-db.js';
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

/** A store the real `firebreak` executable reaches, and the environment that points it there. */
export interface CliTestStore {
  db: Db;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A fresh store for CLI tests: a database of its own on the test PostgreSQL server (`DATABASE_URL`), or a data
 * folder whose embedded store this process opens as the daemon does, serving it on the folder's socket, so that a
 * CLI command run beside it connects there (`FIREBREAK_DATA_DIR`, as `npm start` and a CLI in another terminal).
 */
export async function createCliTestStore(kind: StoreKind): Promise<CliTestStore> {
  if (kind === 'postgres') {
    const database = await createTestDatabase('postgres');
    return { db: database.db, env: { DATABASE_URL: database.location }, drop: () => database.drop() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-cli-store-'));
  const db = await openDb({ FIREBREAK_DATA_DIR: dir }, { as: 'daemon' });
  return {
    db,
    env: { DATABASE_URL: '', FIREBREAK_DATA_DIR: dir },
    async drop() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A queue prefix of its own, so test files sharing one Redis never see each other's jobs. */
export function testQueuePrefix(): string {
  return `fbtest-${randomBytes(5).toString('hex')}`;
}
