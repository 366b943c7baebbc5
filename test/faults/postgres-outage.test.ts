import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/databases.js';
import { OwnRedisServer } from '../http/support/redis-server.js';
import { recordFigures } from './support/figures.js';
import { eventually, serveProcess, sleep, type ServeProcess } from './support/serve-process.js';
import { TcpProxy } from './support/tcp-proxy.js';

/*
 * PostgreSQL out of reach of the worker for a while (its connections go through a loopback proxy that is closed
 * and opened again) while alerts keep arriving: jobs wait and retry with the queue's backoff, the worker recovers
 * without a restart, and every acknowledged alert is stored once. The outage lasts FIREBREAK_PG_OUTAGE_S
 * (default 10 s in CI; the 30 s is run by hand: see RELIABILITY.md for what it showed).
 */
const OUTAGE_S = Number(process.env.FIREBREAK_PG_OUTAGE_S ?? 10);
const ALERTS = 60;

let database: TestDatabase;
let redis: OwnRedisServer;
let proxy: TcpProxy;
let api: ServeProcess;
let worker: ServeProcess;
const prefix = testQueuePrefix();

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  redis = await OwnRedisServer.start();
  const direct = new URL(database.location);
  proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
  const proxied = new URL(database.location);
  proxied.port = String(proxy.port);
  api = serveProcess('api', { REDIS_URL: redis.url, DATABASE_URL: database.location, FIREBREAK_QUEUE_PREFIX: prefix });
  worker = serveProcess('worker', { REDIS_URL: redis.url, DATABASE_URL: proxied.toString(), FIREBREAK_QUEUE_PREFIX: prefix });
  await Promise.all([api.ready, worker.ready]);
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await proxy?.close();
  await redis?.destroy();
  await database?.drop();
});

const body = (n: number) =>
  JSON.stringify({ version: '4', status: 'firing', receiver: 'firebreak', groupKey: `{}:{alertname="PgOutage${n}"}`, alerts: [{ status: 'firing', labels: { alertname: `PgOutage${n}`, service: `pg-${n % 5}` }, annotations: { summary: `alert ${n}` }, startsAt: '2026-01-01T00:00:00Z', fingerprint: `0pg0${String(n).padStart(12, '0')}` }] });

describe(`when PostgreSQL is out of the worker's reach for ${OUTAGE_S} s`, () => {
  it('keeps every acknowledged alert, retries, and stores each once after it comes back', async () => {
    const url = await api.ready;
    const acknowledged: number[] = [];
    const post = async (n: number) => {
      const response = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(n) });
      if (response.status === 202) acknowledged.push(n);
    };
    for (let n = 0; n < ALERTS / 3; n++) await post(n);
    await sleep(500);
    await proxy.close();
    const downAt = Date.now();
    for (let n = ALERTS / 3; n < ALERTS; n++) {
      await post(n);
      await sleep((OUTAGE_S * 1000 * 0.8) / ((2 * ALERTS) / 3));
    }
    await sleep(Math.max(0, OUTAGE_S * 1000 - (Date.now() - downAt)));
    await proxy.open();

    const stored = async () => (await database.db.query<{ n: number; rows: number }>("SELECT count(DISTINCT fingerprint)::int AS n, count(*)::int AS rows FROM alerts WHERE fingerprint LIKE '0pg0%'"))[0]!;
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(ALERTS_QUEUE, { connection, prefix });
    let failed = 0;
    try {
      // Held alerts stay delayed in the queue for minutes, but their rows are written first: wait for the rows.
      await eventually(async () => ((await stored()).n >= acknowledged.length ? true : undefined), 'every acknowledged alert to be stored', 60_000).catch(() => undefined);
      failed = (await queue.getJobCounts('failed')).failed ?? 0;
    } finally {
      await queue.close();
      connection.disconnect();
    }
    const { n: triaged, rows } = await stored();
    recordFigures(`postgres-outage-${OUTAGE_S}s`, { outageS: OUTAGE_S, sent: ALERTS, acknowledged: acknowledged.length, triaged, alertRows: rows, failedForGood: failed, lost: acknowledged.length - triaged, workerStillUp: worker.child.exitCode === null, ...(worker.child.exitCode === null ? {} : { workerExit: worker.child.exitCode, workerLastLines: worker.rawLines.slice(-6).map((line) => line.slice(0, 400)) }) });
    expect(acknowledged).toHaveLength(ALERTS); // the api does not need PostgreSQL to acknowledge
    expect(failed).toBe(0);
    expect(rows).toBe(ALERTS);
    expect(triaged).toBe(ALERTS);
    expect(worker.child.exitCode).toBeNull();
  }, 150_000);
});
