import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { TriageHarness, type AmAlert } from '../agents/support/triage-harness.js';

const run = promisify(execFile);

const slowProbe: AmAlert = { labels: { alertname: 'ProbeSlow', instance: 'https://partner-api.example.net/health', service: 'partners', severity: 'warning' }, summary: 'Probe of partner-api is slow' };
const partnerErrors: AmAlert = { labels: { alertname: 'UpstreamErrorRate', service: 'partners', upstream: 'partner-api', severity: 'critical' }, summary: '35% of calls to partner-api fail' };

// Each CLI run starts node and tsx (seconds on a busy machine): the cases run concurrently, with room to finish.
describe.concurrent('firebreak explain and firebreak silence, on a store the pipeline filled', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let triage: TriageHarness;
  let noisy: number;
  let real: number;

  const firebreak = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['src/cli/bin.mjs', ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.location, LOG_LEVEL: 'silent', FIREBREAK_USER: 'ana' } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Known noise that turns out to be the first sign of an incident: suppressed, then promoted.
    triage = new TriageHarness(database.db);
    await triage.verdicts(slowProbe.labels, ['false_positive', 'false_positive', 'false_positive']);
    noisy = await triage.fire(10, slowProbe);
    real = await triage.fire(130, partnerErrors);
    await triage.advance(130 + triage.policy.maxHoldS + 60);
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe('firebreak explain ALERT_ID', () => {
    it('prints the alert, its decision trace, its suppression with why it was lifted, and its incident', async () => {
      const incident = (await triage.alert(noisy)).incident_id;
      const result = await firebreak('explain', String(noisy));
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Alert ${noisy}: Probe of partner-api is slow`);
      expect(result.stdout).toMatch(/Rule\s+ProbeSlow/);
      expect(result.stdout).toMatch(/Service\s+partners/);
      expect(result.stdout).toContain('Decision trace');
      expect(result.stdout).toContain('suppressed: known-noisy');
      expect(result.stdout).toContain('was marked false positive 3 of 3 times');
      expect(result.stdout).toMatch(/safety-net\s+promoted/);
      expect(result.stdout).toMatch(new RegExp(`Suppressions\\n  \\S+ \\S+  known-noisy: .*\\n      lifted .*${incident}`));
      expect(result.stdout).toMatch(new RegExp(`Incident\\n  ${incident}: `));
    });

    it('prints the same as JSON with --json', async () => {
      const result = await firebreak('explain', String(real), '--json');
      expect(result.code).toBe(0);
      const explanation = JSON.parse(result.stdout) as { alert: { id: number; rule: string; status: string }; trace: Array<{ step: string; decision: string }>; suppressions: unknown[]; incident: { id: string; notified_at: string | null } };
      expect(explanation.alert).toMatchObject({ id: real, rule: 'UpstreamErrorRate', status: 'firing' });
      expect(explanation.trace.map((entry) => entry.step)).toEqual(expect.arrayContaining(['dedupe', 'correlate', 'noise', 'decide']));
      expect(explanation.suppressions).toEqual([]);
      expect(explanation.incident.id).toBe((await triage.alert(real)).incident_id);
      const incident = await triage.incident(explanation.incident.id);
      expect(explanation.incident.notified_at).toBe(incident.notified_at);
      expect(explanation.incident.notified_at).not.toBeNull();
    });

    it('answers an unknown id with one line pointing to firebreak alerts, and exit 2', async () => {
      const result = await firebreak('explain', '987654');
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toBe('firebreak: ALERT_ID: no alert 987654; `firebreak alerts` lists the alerts received, newest first');
    });

    it('answers an id that is not a number with exit 2', async () => {
      const result = await firebreak('explain', 'INC-0001');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('ALERT_ID: expected a number');
    });
  });

  describe('firebreak silence add --dry-run', () => {
    it('adds nothing and lists the stored alerts it would have matched, flagging the incident', async () => {
      const result = await firebreak('silence', 'add', '--match', 'service=^partners$', '--starts', triage.at(0).toISOString(), '--for', '1h', '--comment', 'partner maintenance', '--dry-run');
      expect(result.code).toBe(0);
      const incident = (await triage.alert(real)).incident_id;
      expect(result.stdout).toContain('Dry run: nothing was added.');
      expect(result.stdout).toContain('would have matched 2 of the 2 alert(s)');
      expect(result.stdout).toContain(`IN INCIDENT ${incident}`);
      expect(result.stdout).toContain(`would have hidden alerts of ${incident}`);
    });
  });

  describe('firebreak silence add, then list', () => {
    it('stores the silence with who added it and lists it as active', async () => {
      const added = await firebreak('silence', 'add', '--match', 'service=^partners$', '--match', 'alertname=^Probe', '--for', '2h', '--comment', 'partner maintenance', '--json');
      expect(added.code).toBe(0);
      const silence = JSON.parse(added.stdout) as { id: number; createdBy: string; matchers: Record<string, string> };
      expect(silence).toMatchObject({ createdBy: 'ana', matchers: { service: '^partners$', alertname: '^Probe' } });
      const listed = await firebreak('silence', 'list');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(new RegExp(`│ ${silence.id}\\s+│ service=~"\\^partners\\$", alertname=~"\\^Probe"\\s+│.*│ active\\s+│ ana\\s+│ partner maintenance`));
    });

    it('refuses a bad matcher with one line and exit 2, adding nothing', async () => {
      const result = await firebreak('silence', 'add', '--match', 'service=partners(', '--for', '2h', '--comment', 'x');
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('matchers.service: invalid regex');
    });

    it('needs exactly one of --ends and --for', async () => {
      const result = await firebreak('silence', 'add', '--match', 'service=x', '--comment', 'x');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--ends');
    });
  });
});
