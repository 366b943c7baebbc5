import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFirebreak } from '../support/run-firebreak.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.js';
import { SEED_AT, seedIncidentLog } from './seed.js';

// Each test starts the real executable (tsx compiles it on start): slow on a loaded machine, hence the timeout.
describe('firebreak report', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await seedIncidentLog(database.db);
    slack = await startFakeSlack();
    env = { DATABASE_URL: database.location };
  });
  afterAll(async () => {
    await slack?.close();
    await database?.drop();
  });

  it('prints the weekly report as of --at', async () => {
    const result = await runFirebreak(['report', 'weekly', '--at', SEED_AT], env);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Firebreak weekly report: 8 weeks to 2024-03-11 (UTC)');
    expect(result.stdout).toContain('2024-03-04        3 !       1 !          0       5   15m  1h 22m\n');
  });

  it('prints the daily review as JSON', async () => {
    const result = await runFirebreak(['report', 'daily', '--at', SEED_AT, '--format', 'json'], env);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { kind: string; remediations: Array<{ owner: string | null }> };
    expect(json.kind).toBe('daily');
    expect(json.remediations.map((item) => item.owner)).toEqual(['alice', null, 'bob']);
  });

  it('posts the text report to the Slack channel with --post', async () => {
    const result = await runFirebreak(['report', 'daily', '--at', SEED_AT, '--post'], {
      ...env,
      SLACK_BOT_TOKEN: 'xoxb-report-test-token',
      SLACK_CHANNEL: 'C0OPS',
      SLACK_API_URL: slack.url,
    });
    expect(result.stderr).toBe('posted to C0OPS\n');
    expect(result.code).toBe(0);
    const [post] = slack.callsTo('chat.postMessage');
    expect(post?.token).toBe('Bearer xoxb-report-test-token');
    expect(post?.args.channel).toBe('C0OPS');
    const text = String(post?.args.text);
    expect(text.split('\n').slice(0, 3)).toEqual(['*Firebreak daily review: 2024-03-13 (UTC)*', '```', 'Remediations due or late']);
    expect(text).toContain('2024-03-10  3 days late  alice       Raise the pool size       INC-0001 Checkout pool exhausted\n');
    expect(text.endsWith('by frank: Database upgrade\n```')).toBe(true);
  });

  it('refuses an unknown kind with a one-line error naming the argument and exit code 2', async () => {
    const result = await runFirebreak(['report', 'monthly'], env);
    expect(result).toMatchObject({ code: 2, stderr: 'firebreak: kind: "monthly" is not a report (expected weekly or daily)\n' });
  });

  it('refuses a date it cannot read', async () => {
    const result = await runFirebreak(['report', 'weekly', '--at', 'last tuesday'], env);
    expect(result).toMatchObject({ code: 2, stderr: 'firebreak: --at: "last tuesday" is not a date (expected YYYY-MM-DD or an ISO-8601 date-time)\n' });
  });

  it('refuses --post without a Slack token and channel', async () => {
    const result = await runFirebreak(['report', 'daily', '--post'], { ...env, SLACK_BOT_TOKEN: '', SLACK_CHANNEL: '' });
    expect(result).toMatchObject({ code: 2, stderr: 'firebreak: --post: set SLACK_BOT_TOKEN and SLACK_CHANNEL to post reports\n' });
  });
});
