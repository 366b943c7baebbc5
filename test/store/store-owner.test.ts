import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimStore, isClaim, OWNER_FILE, type StoreOwner } from '../../src/store/embedded/store-owner.js';

/** The pid of a process that has exited: what a daemon killed with -9 leaves in its record. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the record of who holds the embedded store', () => {
  let dir: string;
  const record = (owner: StoreOwner) => writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  const read = () => JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as StoreOwner;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-owner-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is claimed by the first process, published, and removed on release', async () => {
    const claim = await claimStore(dir, 'daemon');
    expect(isClaim(claim)).toBe(true);
    if (!isClaim(claim)) return;
    expect(read()).toMatchObject({ pid: process.pid, role: 'daemon', url: null });
    claim.publish('postgresql://postgres@localhost:5432/postgres?host=%2Ftmp');
    expect(read().url).toBe('postgresql://postgres@localhost:5432/postgres?host=%2Ftmp');
    claim.release();
    expect(existsSync(join(dir, OWNER_FILE))).toBe(false);
  });

  it('names the live holder to anyone else', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      record({ pid: holder.pid!, role: 'command', url: null, since: new Date().toISOString() });
      expect(await claimStore(dir, 'daemon')).toEqual(expect.objectContaining({ pid: holder.pid, role: 'command' }));
      expect(read().pid).toBe(holder.pid);
    } finally {
      holder.kill();
    }
  });

  it('replaces a stale record whose process is gone', async () => {
    record({ pid: deadPid(), role: 'daemon', url: 'postgresql://postgres@localhost:5432/postgres?host=%2Fnowhere', since: '2020-01-01T00:00:00Z' });
    const claim = await claimStore(dir, 'command');
    expect(isClaim(claim)).toBe(true);
    expect(read()).toMatchObject({ pid: process.pid, role: 'command' });
  });

  it("replaces a daemon's record whose pid is alive but whose address answers nothing (the pid was reused)", async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      record({ pid: other.pid!, role: 'daemon', url: `postgresql://postgres@localhost:5432/postgres?host=${encodeURIComponent(dir)}`, since: '2020-01-01T00:00:00Z' });
      expect(isClaim(await claimStore(dir, 'daemon'))).toBe(true);
    } finally {
      other.kill();
    }
  });

  it('replaces a record that is not one (debris)', async () => {
    writeFileSync(join(dir, OWNER_FILE), '{"pid": ');
    expect(isClaim(await claimStore(dir, 'command'))).toBe(true);
  });
});
