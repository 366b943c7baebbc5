import { loadConfig } from '../../config/load-config.js';
import type { Db } from '../../store/db.js';
import { openDb } from '../../store/open-db.js';

/** Opens the configured store (DATABASE_URL, else PGlite in FIREBREAK_DATA_DIR), runs `work`, and closes it. */
export async function withStore<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(loadConfig());
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}
