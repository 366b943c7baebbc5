import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { redisOptionsFromUrl } from '../../src/daemon/redis-connection.js';
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../support/databases.js';

const bin = new URL('../../src/cli/bin.mjs', import.meta.url).pathname;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
});

afterAll(async () => {
  await database?.drop();
});

function serve(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REDIS_URL: TEST_REDIS_URL, FIREBREAK_QUEUE_PREFIX: testQueuePrefix(), FIREBREAK_REQUIRE_NOEVICTION: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry.msg === 'receivers listening') resolve(String(entry.url));
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, lines, exited, listening, stderr: () => stderr };
}

describe('firebreak serve', () => {
  it('runs the daemon until SIGTERM, then stops cleanly with exit code 0', async () => {
    const daemon = serve({ DATABASE_URL: database.location, CHANGES_TOKEN: 'serve-test-changes-token' });
    const url = await daemon.listening;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const response = await fetch(`${url}/webhooks/changes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer serve-test-changes-token' },
      body: JSON.stringify({ service: 'api', kind: 'deploy', at: '2026-01-01T00:00:00Z' }),
    });
    expect(response.status).toBe(202);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(daemon.lines.some((line) => line.msg === 'shutting down')).toBe(true);
    expect(daemon.lines.some((line) => line.receiver === 'sentry' && line.level === 40)).toBe(true);
    expect(daemon.lines.some((line) => line.receiver === 'changes')).toBe(false);
  });

  it('keeps an acknowledged alert queued when the daemon is killed (kill -9) right after the 202', async () => {
    const prefix = testQueuePrefix();
    const daemon = serve({ DATABASE_URL: database.location, FIREBREAK_QUEUE_PREFIX: prefix }, ['--role', 'api']);
    const url = await daemon.listening;
    const response = await fetch(`${url}/webhooks/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Killed' }, fingerprint: 'deadbeefdeadbeef' }] }),
    });
    expect(response.status).toBe(202);
    const { deliveryKey } = (await response.json()) as { deliveryKey: string };
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    const connection = new Redis({ ...redisOptionsFromUrl(TEST_REDIS_URL), maxRetriesPerRequest: null });
    const queue = new Queue(ALERTS_QUEUE, { connection, prefix });
    try {
      const job = await queue.getJob(deliveryKey);
      expect(job?.data).toMatchObject({ kind: 'alerts', source: 'alertmanager', alerts: [{ fingerprint: 'deadbeefdeadbeef', status: 'firing' }] });
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await connection.quit();
    }
  });

  it('stops at start-up on a bad value, naming the variable and what was expected', async () => {
    const daemon = serve({ DATABASE_URL: database.location, PORT: 'eighty', FIREBREAK_BODY_LIMIT: '-1' });
    daemon.listening.catch(() => {});
    expect(await daemon.exited).toBe(1);
    expect(daemon.stderr()).toMatch(/PORT: /);
    expect(daemon.stderr()).toMatch(/FIREBREAK_BODY_LIMIT: /);
  });

  it('refuses an unknown role', async () => {
    const daemon = serve({ DATABASE_URL: database.location }, ['--role', 'everything']);
    daemon.listening.catch(() => {});
    expect(await daemon.exited).toBe(2);
  });
});
