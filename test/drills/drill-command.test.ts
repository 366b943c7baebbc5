import { TRIAGE_ATTEMPTS } from '../../src/queue/alert-queue.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matcherMatches } from '../../agents/lib/playbook-match.js';
import type { AlertJob } from '../../src/queue/alert-job.js';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';
import { runFirebreak } from '../support/run-firebreak.js';
import { writePoolPlaybook } from './pool-playbook.js';
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../support/databases.js';

// Each test starts the real executable (tsx compiles it on start): slow on a loaded machine, hence the timeout.
describe('firebreak drill start', { timeout: 120_000 }, () => {
  const playbooksDir = mkdtempSync(join(tmpdir(), 'firebreak-drill-cli-'));
  const prefix = testQueuePrefix();
  let database: TestDatabase;
  let connection: Redis;
  let queue: Queue<AlertJob>;
  let env: Record<string, string>;

  beforeAll(async () => {
    writePoolPlaybook(playbooksDir);
    database = await createTestDatabase('postgres');
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue<AlertJob>(ALERTS_QUEUE, { connection, prefix });
    env = { REDIS_URL: TEST_REDIS_URL, FIREBREAK_QUEUE_PREFIX: prefix, FIREBREAK_PLAYBOOKS_DIR: playbooksDir, DATABASE_URL: database.location };
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    connection?.disconnect();
    await database?.drop();
    rmSync(playbooksDir, { recursive: true, force: true });
  });

  it("queues on the configured prefix a drill alert the playbook's first matcher matches", async () => {
    const result = await runFirebreak(['drill', 'start', '--playbook', 'db-pool-exhausted', '--by', 'carol', '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { deliveryKey: string; playbook: string; service: string };
    expect(printed).toMatchObject({ playbook: 'db-pool-exhausted', service: 'checkout', source: 'alertmanager' });

    const job = await queue.getJob(printed.deliveryKey);
    expect(job?.name).toBe('alerts');
    expect(job?.opts.attempts).toBe(TRIAGE_ATTEMPTS);
    const data = job?.data;
    if (data?.kind !== 'alerts') throw new Error('expected an alerts job');
    expect(data.source).toBe('alertmanager');
    const [alert] = data.alerts;
    expect(alert?.labels.firebreak_drill).toBe('true');
    expect(alert?.message).toContain('started by carol');
    const [playbook] = loadPlaybooks(playbooksDir);
    expect(matcherMatches(playbook!.match[0]!, alert!, [])).toBe(true);
  });

  it('says which incident it opened, or why there is none, with --wait', async () => {
    // No worker consumes this test's prefix: the wait ends with the reason, exit code 1.
    const result = await runFirebreak(['drill', 'start', '--service', 'checkout', '--wait', '1'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^firebreak: the drill alert drill-[0-9a-f]{12} is not triaged yet \(is a worker running\?\) after 1 s\n$/);
    expect(await queue.getWaitingCount()).toBe(2);
  });

  it('refuses an unknown playbook, naming the ones it knows, and queues nothing', async () => {
    const before = await queue.getWaitingCount();
    const result = await runFirebreak(['drill', 'start', '--playbook', 'no-such-playbook'], env);
    expect(result).toMatchObject({ code: 2, stderr: `firebreak: --playbook: no playbook "no-such-playbook" in ${playbooksDir} (known: db-pool-exhausted)\n` });
    expect(await queue.getWaitingCount()).toBe(before);
  });
});
