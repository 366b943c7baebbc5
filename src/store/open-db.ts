import { resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { createPgliteDb } from './pglite-db.js';
import { createPostgresDb } from './postgres-db.js';

/** Opens the configured store (PostgreSQL when DATABASE_URL is set, else PGlite in the data folder) and migrates it. */
export async function openDb(config: Pick<Config, 'DATABASE_URL' | 'FIREBREAK_DATA_DIR'>): Promise<Db> {
  const db = config.DATABASE_URL
    ? createPostgresDb(config.DATABASE_URL)
    : await createPgliteDb(resolve(config.FIREBREAK_DATA_DIR, 'pglite'));
  await migrate(db);
  return db;
}
