import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';
import { startOpsServer } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, blockActions, formBody, signedHeaders } from './support/slack-harness.js';

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('from an alert to an approved fix, through the running daemon and Slack', () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  let daemon: TestDaemon;
  let playbooks: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    ops = await startOpsServer();
    playbooks = mkdtempSync(join(tmpdir(), 'firebreak-playbooks-'));
    writeFileSync(
      join(playbooks, 'queue-stuck.yaml'),
      [
        'id: queue-stuck',
        'title: "Job queue stuck"',
        'severity: critical',
        'category: infrastructure',
        'match:',
        '  - labels: { alertname: "^JobQueueStuck$" }',
        'checklist:',
        '  - "Are the workers running?"',
        'diagnosis: "Workers stop consuming."',
        'actions:',
        '  - id: restart-workers',
        '    title: "Restart the job workers"',
        '    kind: http',
        '    risk: low',
        `    http: { method: POST, url: "${ops.url}/workers/restart", headers: { Authorization: "Bearer \${OPS_API_TOKEN}" } }`,
        'communication: critical-bug',
        '',
      ].join('\n'),
    );
    process.env.OPS_API_TOKEN = 'ops-api-token-e2e';
    daemon = await startTestDaemon({
      db: database.db,
      role: 'all',
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_API_URL: slack.url, SLACK_APPROVERS: 'UALICE',
        SLACK_ESCALATION_GROUP: 'SONCALL', FIREBREAK_SLACK_BATCH_S: '0', FIREBREAK_PLAYBOOKS_DIR: playbooks,
      },
    });
  });
  afterAll(async () => {
    await daemon?.close();
    delete process.env.OPS_API_TOKEN;
    await ops.close();
    await slack.close();
    await database.drop();
    rmSync(playbooks, { recursive: true, force: true });
  });

  it('posts the incident, runs the approved action once, and leaks no secret', async () => {
    const body = JSON.stringify({
      version: '4', status: 'firing', receiver: 'firebreak', groupKey: '{}:{alertname="JobQueueStuck"}', truncatedAlerts: 0,
      groupLabels: { alertname: 'JobQueueStuck' }, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am',
      alerts: [{ status: 'firing', labels: { alertname: 'JobQueueStuck', service: 'jobs', severity: 'critical' }, annotations: { summary: 'No job consumed for 10 minutes' }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom', fingerprint: 'e2e0000000000001' }],
    });
    // a deploy just before: the alert follows a change, so the triage opens at once instead of holding it
    const deploy = JSON.stringify({ service: 'jobs', kind: 'deploy', version: 'v7.1.0', environment: 'production', at: new Date(Date.now() - 60_000).toISOString(), author: 'ci', description: 'new worker pool', url: null });
    expect((await daemon.post('/webhooks/changes', deploy)).status).toBe(202);
    await waitFor('the deploy to be stored', async () => ((await database.db.query('SELECT 1 FROM change_events')).length > 0 ? true : undefined));
    expect((await daemon.post('/webhooks/alertmanager', body)).status).toBe(202);
    const top = await waitFor('the incident message', () => slack.messages.find((m) => m.thread_ts === undefined && JSON.stringify(m.blocks ?? []).includes('fb_approve')));
    const approve = (top.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === 'fb_approve')!;
    await waitFor('the escalation', () => slack.messages.find((m) => m.thread_ts === top.ts && m.text.includes('<!subteam^SONCALL>')));

    const now = Math.floor(Date.now() / 1000);
    const click = formBody(blockActions({ user: 'UALICE', actionId: 'fb_approve', value: approve.value, actionTs: `${now}.000001` }));
    const answered = await fetch(`${daemon.url}/slack/interactions`, { method: 'POST', body: click, headers: signedHeaders(click, now) });
    expect(answered.status).toBe(200);
    await waitFor('the action result in the thread', () => slack.messages.find((m) => m.thread_ts === top.ts && m.text.includes('Restart the job workers succeeded')));
    expect(ops.requests).toHaveLength(1);
    expect(ops.requests[0]!.headers.authorization).toBe('Bearer ops-api-token-e2e');

    const said = JSON.stringify(slack.calls.map((call) => call.args)) + daemon.logs.text.join('\n');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'ops-api-token-e2e']) expect(said).not.toContain(secret);
  }, 60_000);
});
