import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { OwnRedisServer } from './support/redis-server.js';
import { startTestDaemon, type TestDaemon } from './support/test-daemon.js';

let database: TestDatabase;
let redis: OwnRedisServer;
let daemon: TestDaemon;

const body = (n: number) =>
  JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Outage', n: String(n) }, fingerprint: `f${String(n).padStart(15, '0')}` }] });

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  redis = await OwnRedisServer.start();
  daemon = await startTestDaemon({ db: database.db, env: { REDIS_URL: redis.url, FIREBREAK_REQUIRE_NOEVICTION: 'true' } });
});

afterAll(async () => {
  await daemon?.close();
  await redis?.destroy();
  await database?.drop();
});

describe('when Redis goes away and comes back', () => {
  it('answers 503 with Retry-After within 2 s while it is down, 202 after, and keeps every job acknowledged before', async () => {
    const acknowledged: string[] = [];
    for (const n of [1, 2, 3]) {
      const response = await daemon.post('/webhooks/alertmanager', body(n));
      expect(response.status).toBe(202);
      acknowledged.push(String(response.json.deliveryKey));
    }

    await redis.kill(); // kill -9 right after the 202s: only the append-only file survives

    for (const n of [4, 5]) {
      const started = Date.now();
      const response = await daemon.post('/webhooks/alertmanager', body(n));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(response.status).toBe(503);
      expect(response.json).toMatchObject({ error: 'FB_ERR_QUEUE_UNAVAILABLE' });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const notReady = await fetch(`${daemon.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ redis: 'unreachable', store: 'ok' });
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);

    await redis.start();
    await until(async () => (await fetch(`${daemon.url}/readyz`)).status === 200, 10_000);

    // The delivery refused while Redis was down is retried by its sender and now taken.
    const retried = await daemon.post('/webhooks/alertmanager', body(4));
    expect(retried.status).toBe(202);
    expect(retried.json.duplicate).toBe(false);

    for (const key of acknowledged) {
      const job = await daemon.context.queue.getJob(key);
      expect(job?.data.kind, `job ${key} survived`).toBe('alerts');
    }
    expect(await daemon.context.queue.count()).toBe(4);

    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toMatch(/firebreak_webhooks_refused_total\{source="alertmanager",reason="FB_ERR_QUEUE_UNAVAILABLE"\} 2/);
  });
});

describe('when Redis is reachable but does not answer', () => {
  it('answers 503 within 2 s instead of hanging, and 202 once Redis answers again', async () => {
    const admin = new Redis(redis.url);
    try {
      // Redis holds every write command for 3 s: the add cannot complete in time.
      await admin.call('CLIENT', 'PAUSE', '3000', 'WRITE');
      const started = Date.now();
      const response = await daemon.post('/webhooks/alertmanager', body(100));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(response.status).toBe(503);
      expect(response.json).toMatchObject({ error: 'FB_ERR_QUEUE_UNAVAILABLE' });
      await admin.call('CLIENT', 'UNPAUSE');
      // The sender retries: the job that may have landed meanwhile is not queued twice.
      const retried = await daemon.post('/webhooks/alertmanager', body(100));
      expect(retried.status).toBe(202);
      const jobs = await daemon.context.queue.getJobs(['waiting']);
      expect(jobs.filter((job) => job.id === retried.json.deliveryKey)).toHaveLength(1);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => {});
      admin.disconnect();
    }
  });
});
