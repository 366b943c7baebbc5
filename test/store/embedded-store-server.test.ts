import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { openEmbeddedStore } from '../../src/store/embedded/open-embedded-store.js';
import { OWNER_FILE } from '../../src/store/embedded/store-owner.js';
import { migrate } from '../../src/store/migrate.js';
import { createPostgresDb } from '../../src/store/postgres-db.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A frontend message: type byte, int32 length, body. */
function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`);
const int16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);

/**
 * The daemon's PGlite served to other processes (here: `pg` clients in the test process, the daemon's own `Db`
 * beside them). PGlite has one session, so the server must hand it out whole: a client's transaction or batch is
 * never interleaved with anyone else's statements.
 */
describe('the embedded store served by the daemon', () => {
  let dir: string;
  let daemon: Db;
  let url: string;
  const clients: Db[] = [];
  const client = (max = 4) => {
    const db = createPostgresDb(url, { max });
    clients.push(db);
    return db;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-served-'));
    daemon = await openEmbeddedStore(dir, 'daemon');
    url = (JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as { url: string }).url;
    await daemon.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    for (const db of clients) await db.close().catch(() => undefined);
    await daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each of many concurrent parameterised queries from several connections with its own result', async () => {
    const sources = [client(), client(), daemon];
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, n) => sources[n % 3]!.query<{ n: number; text: string }>('SELECT $1::int AS n, $2::text AS text', [n, `note ${n}`])),
    );
    expect(answers.map((rows) => rows[0])).toEqual(Array.from({ length: 150 }, (_, n) => ({ n, text: `note ${n}` })));
  });

  it("keeps the daemon's statements out of a client's transaction: they wait, and survive its rollback", async () => {
    const inTransaction = client(1);
    let daemonWrote = false;
    let daemonWrite: Promise<unknown> = Promise.resolve();
    await inTransaction
      .transaction(async (tx) => {
        await tx.query("INSERT INTO notes VALUES (1, 'from the client')");
        daemonWrite = daemon.query("INSERT INTO notes VALUES (2, 'from the daemon')").then(() => (daemonWrote = true));
        await sleep(300);
        expect(daemonWrote).toBe(false);
        expect(await tx.query('SELECT id FROM notes ORDER BY id')).toEqual([{ id: 1 }]);
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    await daemonWrite;
    expect(await daemon.query('SELECT id, body FROM notes ORDER BY id')).toEqual([{ id: 2, body: 'from the daemon' }]);
  });

  it("keeps a client's statements out of the daemon's transaction", async () => {
    const other = client(1);
    let clientWrote = false;
    let clientWrite: Promise<unknown> = Promise.resolve();
    await daemon
      .transaction(async (tx) => {
        await tx.query("INSERT INTO notes VALUES (3, 'daemon, rolled back')");
        clientWrite = other.query("INSERT INTO notes VALUES (4, 'client, kept')").then(() => (clientWrote = true));
        await sleep(300);
        expect(clientWrote).toBe(false);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await clientWrite;
    expect(await daemon.query('SELECT id FROM notes WHERE id IN (3, 4) ORDER BY id')).toEqual([{ id: 4 }]);
  });

  it('rolls back what a client left when its connection drops inside a transaction, and goes on serving', async () => {
    const socket = await rawClient(dir);
    socket.write(message('Q', cstring("BEGIN; INSERT INTO notes VALUES (5, 'never committed')")));
    await socket.reply('T');
    socket.destroy();
    expect(await client(1).query('SELECT count(*)::int AS n FROM notes WHERE id = 5')).toEqual([{ n: 0 }]);
    expect(await daemon.query('SELECT count(*)::int AS n FROM notes WHERE id = 5')).toEqual([{ n: 0 }]);
  });

  it('undoes an extended-protocol batch cut off before its Sync', async () => {
    const socket = await rawClient(dir);
    socket.write(
      Buffer.concat([
        message('P', cstring(''), cstring("INSERT INTO notes VALUES (6, 'half a batch')"), int16(0)),
        message('B', cstring(''), cstring(''), int16(0), int16(0), int16(0)),
        message('E', cstring(''), Buffer.alloc(4)),
      ]),
    );
    await socket.bytes(26); // ParseComplete (5), BindComplete (5), CommandComplete "INSERT 0 1" (16)
    socket.destroy();
    expect(await daemon.query('SELECT count(*)::int AS n FROM notes WHERE id = 6')).toEqual([{ n: 0 }]);
  });

  it("runs a client's transaction-scoped advisory lock (migrations take one)", async () => {
    await expect(migrate(client(1))).resolves.toContain('001_core.sql');
    expect(await client(1).query("SELECT to_regclass('incidents') IS NOT NULL AS migrated")).toEqual([{ migrated: true }]);
  });
});

interface RawClient {
  write(data: Buffer): void;
  /** Resolves once a ReadyForQuery with this status has arrived. */
  reply(status: 'I' | 'T'): Promise<void>;
  bytes(count: number): Promise<void>;
  destroy(): void;
}

/** A bare protocol connection to the daemon's unix socket, started up and idle. */
async function rawClient(dataDir: string): Promise<RawClient> {
  const socket = connect(join(dataDir, '.s.PGSQL.5432'));
  let received = Buffer.alloc(0);
  let waiter: (() => void) | null = null;
  socket.on('data', (chunk) => {
    received = Buffer.concat([received, chunk]);
    waiter?.();
  });
  const until = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply: ${received.toString('latin1')}`)), 10_000);
      waiter = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiter = null;
        resolve();
      };
      waiter();
    });
  const ready = (status: string) => () => received.length >= 6 && received.subarray(-6).equals(Buffer.concat([Buffer.from('Z'), Buffer.from([0, 0, 0, 5]), Buffer.from(status)]));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const params = Buffer.concat([cstring('user'), cstring('postgres'), cstring('database'), cstring('postgres'), Buffer.from([0])]);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(Buffer.concat([startup, params]));
  await until(ready('I'));
  received = Buffer.alloc(0);
  return {
    write: (data) => socket.write(data),
    reply: (status) => until(ready(status)),
    bytes: (count) => until(() => received.length >= count),
    destroy: () => socket.destroy(),
  };
}
