import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFirebreakError } from '../../src/errors/catalogue.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { OwnRedisServer, freePort } from '../http/support/redis-server.js';
import { startTestDaemon } from '../http/support/test-daemon.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
});

afterAll(async () => {
  await database?.drop();
});

const alert = JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Start' }, fingerprint: 'abcdefabcdefabcd' }] });

describe('starting the daemon', () => {
  describe('on a Redis that evicts keys', () => {
    let redis: OwnRedisServer;
    beforeAll(async () => {
      redis = await OwnRedisServer.start(['--maxmemory-policy', 'allkeys-lru']);
    });
    afterAll(async () => {
      await redis?.destroy();
    });

    it('refuses to start when FIREBREAK_REQUIRE_NOEVICTION is true', async () => {
      const started = startTestDaemon({ db: database.db, env: { REDIS_URL: redis.url, FIREBREAK_REQUIRE_NOEVICTION: 'true' } });
      await expect(started).rejects.toSatisfy((error: unknown) => isFirebreakError(error, 'FB_ERR_REDIS_EVICTION_POLICY'));
      await expect(started).rejects.toThrow(/allkeys-lru/);
    });

    it('starts and warns when it is false', async () => {
      const daemon = await startTestDaemon({ db: database.db, env: { REDIS_URL: redis.url, FIREBREAK_REQUIRE_NOEVICTION: 'false' } });
      try {
        expect(daemon.logs.lines.find((line) => line.code === 'FB_ERR_REDIS_EVICTION_POLICY')).toMatchObject({ level: 40, maxmemoryPolicy: 'allkeys-lru' });
        expect((await daemon.post('/webhooks/alertmanager', alert)).status).toBe(202);
      } finally {
        await daemon.close();
      }
    });
  });

  describe('while Redis is not there yet', () => {
    it('serves 503 until Redis comes, then 202 without a restart', async () => {
      const port = await freePort();
      const daemon = await startTestDaemon({ db: database.db, env: { REDIS_URL: `redis://127.0.0.1:${port}`, FIREBREAK_REQUIRE_NOEVICTION: 'true' }, redisWaitMs: 200 });
      const redis = new OwnRedisServer(port);
      try {
        const refused = await daemon.post('/webhooks/alertmanager', alert);
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).not.toBeNull();
        await redis.start();
        let status = 0;
        for (let attempt = 0; attempt < 100 && status !== 202; attempt += 1) {
          status = (await daemon.post('/webhooks/alertmanager', alert)).status;
          if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(status).toBe(202);
      } finally {
        await daemon.close();
        await redis.destroy();
      }
    });
  });

  describe('in the all role', () => {
    it('runs the receivers and a worker that consumes what they queue', async () => {
      const daemon = await startTestDaemon({ db: database.db, role: 'all' });
      try {
        const response = await daemon.post('/webhooks/alertmanager', alert);
        expect(response.status).toBe(202);
        const key = String(response.json.deliveryKey);
        // Taken by the worker: finished either way (what triage decides is the worker's own tests' business).
        const done = ['completed', 'failed'];
        let state = '';
        for (let attempt = 0; attempt < 100 && !done.includes(state); attempt += 1) {
          state = await daemon.context.queue.getJobState(key);
          if (!done.includes(state)) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(done).toContain(state);
      } finally {
        await daemon.close();
      }
    });
  });

  describe('in the worker role', () => {
    it('serves no receivers, only its probes and metrics', async () => {
      const daemon = await startTestDaemon({ db: database.db, role: 'worker' });
      try {
        expect(daemon.server).toBeNull();
        const url = daemon.url ?? '';
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        await expect.poll(async () => (await fetch(`${url}/readyz`)).status, { timeout: 10_000 }).toBe(200);
        expect(await (await fetch(`${url}/metrics`)).text()).toContain('firebreak_triage_decisions_total');
        expect((await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
      } finally {
        await daemon.close();
      }
    });
  });
});
