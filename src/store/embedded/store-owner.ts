import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/** The file, in FIREBREAK_DATA_DIR, naming the one process that has the embedded store open. */
export const OWNER_FILE = 'store-owner.json';

const ownerSchema = z.object({
  pid: z.number().int().positive(),
  /** `daemon`: serves the store to other processes at `url` once it is set; `command`: a CLI command using it alone. */
  role: z.enum(['daemon', 'command']),
  url: z.string().nullable(),
  since: z.string(),
});
export type StoreOwner = z.infer<typeof ownerSchema>;

/** This process's hold on the folder, until `release`. */
export interface StoreClaim {
  /** Says where the store is served (the daemon, once it listens). */
  publish(url: string): void;
  release(): void;
}

/**
 * Claims the embedded store in `dir` for this process, or returns the live process that holds it. A record left
 * by a process that is gone (crash, kill -9) is stale and replaced; so is a daemon's record whose address no
 * longer answers (its pid since taken by another process).
 */
export async function claimStore(dir: string, role: StoreOwner['role']): Promise<StoreClaim | StoreOwner> {
  const path = join(dir, OWNER_FILE);
  const mine: StoreOwner = { pid: process.pid, role, url: null, since: new Date().toISOString() };
  for (;;) {
    if (createExclusive(path, mine)) return claimOf(path, mine);
    const raw = readRaw(path);
    if (raw === null) continue;
    // Records are linked or renamed into place whole: one that does not parse is debris, replaced like a stale one.
    const owner = parseOwner(raw);
    if (owner !== null && (await isLive(owner))) return owner;
    if (readRaw(path) === raw) unlinkQuietly(path);
  }
}

/** The live process holding the store in `dir`, if any. */
export async function liveOwner(dir: string): Promise<StoreOwner | null> {
  const raw = readRaw(join(dir, OWNER_FILE));
  const owner = raw === null ? null : parseOwner(raw);
  return owner !== null && (await isLive(owner)) ? owner : null;
}

export function isClaim(value: StoreClaim | StoreOwner): value is StoreClaim {
  return 'release' in value;
}

function claimOf(path: string, mine: StoreOwner): StoreClaim {
  let current = mine;
  return {
    publish(url) {
      current = { ...current, url };
      const temporary = `${path}.${process.pid}`;
      writeFileSync(temporary, JSON.stringify(current));
      renameSync(temporary, path);
    },
    release() {
      const raw = readRaw(path);
      if (raw !== null && parseOwner(raw)?.pid === process.pid) unlinkQuietly(path);
    },
  };
}

/** Writes the whole record under a temporary name, then links it into place: readers never see half a record. */
function createExclusive(path: string, owner: StoreOwner): boolean {
  const temporary = `${path}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(owner));
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkQuietly(temporary);
  }
}

async function isLive(owner: StoreOwner): Promise<boolean> {
  if (owner.pid === process.pid || !pidExists(owner.pid)) return false;
  return owner.role !== 'daemon' || owner.url === null || (await answers(owner.url));
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether something accepts connections at a store URL (a unix socket folder in `?host=`, or host:port). */
function answers(url: string): Promise<boolean> {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  const port = Number(parsed.port || 5432);
  return new Promise((resolve) => {
    const socket = socketDir === null ? connect(port, parsed.hostname) : connect(join(socketDir, `.s.PGSQL.${port}`));
    socket.setTimeout(2_000);
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function parseOwner(raw: string): StoreOwner | null {
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
