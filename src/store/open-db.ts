import type { Config } from '../config/schema.js';
import type { Db } from './db.js';
import { openEmbeddedStore } from './embedded/open-embedded-store.js';
import { migrate } from './migrate.js';
import { createPostgresDb } from './postgres-db.js';

/**
 * Opens the configured store and migrates it: PostgreSQL when DATABASE_URL is set, else the embedded store in
 * FIREBREAK_DATA_DIR. There the daemon (`as: 'daemon'`) opens PGlite and serves it to other processes; a CLI
 * command (the default) uses the running daemon's, or opens the folder itself when no daemon holds it.
 */
export async function openDb(config: Pick<Config, 'DATABASE_URL' | 'FIREBREAK_DATA_DIR'>, options: { as?: 'daemon' | 'command' } = {}): Promise<Db> {
  const db = config.DATABASE_URL ? createPostgresDb(config.DATABASE_URL) : await openEmbeddedStore(config.FIREBREAK_DATA_DIR, options.as ?? 'command');
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
