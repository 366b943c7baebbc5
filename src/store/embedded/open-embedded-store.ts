import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FirebreakError } from '../../errors/catalogue.js';
import type { Db } from '../db.js';
import { openPgliteStore } from '../pglite-db.js';
import { createPostgresDb } from '../postgres-db.js';
import { claimStore, isClaim, type StoreClaim, type StoreOwner } from './store-owner.js';
import { serveStore } from './store-server.js';

/** How long a process waits for the folder's holder: a daemon still starting, or a CLI command working alone. */
const WAIT_FOR_HOLDER_MS = 30_000;
const POLL_MS = 100;

/**
 * PGlite belongs to one process. The daemon opens the folder and serves it over the PostgreSQL protocol; a CLI
 * command connects to that daemon when one holds the folder, and opens the folder itself only when none does
 * (holding it, so that a daemon starting meanwhile waits for the command to finish).
 */
export async function openEmbeddedStore(folder: string, role: StoreOwner['role']): Promise<Db> {
  const dataDir = resolve(folder);
  mkdirSync(dataDir, { recursive: true });
  const deadline = Date.now() + WAIT_FOR_HOLDER_MS;
  for (;;) {
    const held = await claimStore(dataDir, role);
    if (isClaim(held)) return role === 'daemon' ? serveFolder(dataDir, held) : openFolder(dataDir, held);
    if (role === 'command' && held.url !== null) return createPostgresDb(held.url, { max: 1, prepare: false });
    if (role === 'daemon' && held.role === 'daemon') throw busy(dataDir, held, 'another daemon serves it');
    if (Date.now() >= deadline) throw busy(dataDir, held, `still held after ${WAIT_FOR_HOLDER_MS / 1000} s`);
    await sleep(POLL_MS);
  }
}

async function serveFolder(dataDir: string, claim: StoreClaim): Promise<Db> {
  try {
    const store = await openPgliteStore(join(dataDir, 'pglite'));
    const server = await serveStore(store.pglite, store.session, dataDir).catch(async (error: unknown) => {
      await store.db.close();
      throw error;
    });
    claim.publish(server.url);
    return {
      ...store.db,
      async close() {
        // Clients first: what one left open is rolled back while PGlite is still there to do it.
        await server.close();
        await store.db.close();
        claim.release();
      },
    };
  } catch (error) {
    claim.release();
    throw error;
  }
}

async function openFolder(dataDir: string, claim: StoreClaim): Promise<Db> {
  try {
    const { db } = await openPgliteStore(join(dataDir, 'pglite'));
    return {
      ...db,
      async close() {
        await db.close();
        claim.release();
      },
    };
  } catch (error) {
    claim.release();
    throw error;
  }
}

function busy(dataDir: string, owner: StoreOwner, why: string): FirebreakError {
  const holder = owner.role === 'daemon' ? 'a firebreak daemon' : 'a firebreak command';
  return new FirebreakError(
    'FB_ERR_STORE_BUSY',
    `the embedded store in ${dataDir} is held by ${holder} (pid ${owner.pid}): ${why}; stop it, or use DATABASE_URL`,
    { dataDir, pid: owner.pid, role: owner.role },
  );
}
