import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryKey } from '../../src/queue/delivery-key.js';
import { TriageHarness, START, type AmAlert } from '../agents/support/triage-harness.js';
import { createCliTestStore, STORE_KINDS, type CliTestStore } from '../support/databases.js';
import { runFirebreak } from '../support/run-firebreak.js';

const probeSlow: AmAlert = { labels: { alertname: 'ProbeSlow', instance: 'https://edge.example.net/health', service: 'edge', severity: 'warning' }, summary: 'Probe of edge is slow' };
const partnerErrors: AmAlert = { labels: { alertname: 'UpstreamErrorRate', service: 'partners', upstream: 'partner-api', severity: 'critical' }, summary: '35% of calls to partner-api fail' };
const queueDepth: AmAlert = { labels: { alertname: 'QueueDepthHigh', service: 'queue', queue: 'emails', severity: 'warning' }, summary: 'emails queue is deep' };
const diskA: AmAlert = { labels: { alertname: 'DiskFull', service: 'storage', instance: 'store-a', severity: 'critical' }, summary: 'store-a disk full' };
const diskB: AmAlert = { labels: { alertname: 'DiskFull', service: 'storage', instance: 'store-b', severity: 'critical' }, summary: 'store-b disk full' };
const neverFired: AmAlert = { labels: { alertname: 'NeverFired', service: 'storage', severity: 'warning' } };
const certExpiring: AmAlert = { labels: { alertname: 'CertExpiringSoon', service: 'gateway', host: 'gw-1', severity: 'warning' }, summary: 'gw-1 certificate expires in 6 days' };

interface Listed {
  id: number;
  firstReceivedAt: string;
  source: string;
  rule: string;
  service: string | null;
  status: string;
  incidentId: string | null;
  suppressed: string | null;
  heldUntil: string | null;
  decision: { kind: string; incidentId?: string; reason?: string; until?: string };
  lastStep: string | null;
  lastReason: string | null;
}

/** The alert ids of a `firebreak alerts` table, in the order printed. */
function tableIds(stdout: string): number[] {
  return [...stdout.matchAll(/^│ (\d+)\s+│/gm)].map((match) => Number(match[1]));
}

// Each CLI run starts node and tsx (seconds on a busy machine): the cases run concurrently, with room to finish.
describe.each(STORE_KINDS)('firebreak alerts on %s, on a store the pipeline filled', (kind) => {
  let store: CliTestStore;
  const ids = { noisy: 0, real: 0, transient: 0, diskA: 0, diskB: 0, recent: 0 };
  let key = '';
  let realIncident = '';
  let diskIncident = '';

  const firebreak = (...args: string[]) => runFirebreak(['alerts', ...args], store.env);
  const json = async (...args: string[]): Promise<Listed[]> => {
    const result = await firebreak(...args, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Listed[];
  };

  beforeAll(async () => {
    store = await createCliTestStore(kind);
    const triage = new TriageHarness(store.db);
    // Known noise, suppressed, that resolves while suppressed.
    await triage.verdicts(probeSlow.labels, ['false_positive', 'false_positive', 'false_positive']);
    ids.noisy = await triage.fire(10, probeSlow);
    await triage.resolve(20, probeSlow);
    // A critical alert that makes an incident.
    ids.real = await triage.fire(130, partnerErrors);
    // Held, then resolved within its hold: suppressed as transient.
    ids.transient = await triage.fire(300, queueDepth);
    await triage.resolve(330, queueDepth);
    // One delivery carrying three alerts, the middle one a resolution of nothing stored (no alert id); the key its
    // 202 answer would have given.
    const body = triage.alertmanagerBody(600, [diskA, { ...neverFired, status: 'resolved' }, diskB]);
    key = deliveryKey('alertmanager', Buffer.from(JSON.stringify(body)), triage.at(600));
    const carried = await triage.alertmanager(600, body);
    expect(carried.map((outcome) => outcome.outcome)).toEqual(['new', 'resolved-unknown', 'new']);
    ids.diskA = carried[0]?.alertId ?? 0;
    ids.diskB = carried[2]?.alertId ?? 0;
    // Ten minutes ago by the wall clock, and still held: the store as a daemon leaves it between two decisions.
    ids.recent = await triage.fire(Math.floor((Date.now() - START.getTime()) / 1000) - 600, certExpiring);

    // What the cases below rely on, checked once here so that a change in triage fails loudly, not obscurely.
    expect((await triage.alert(ids.noisy)).suppressed).toBe('known-noisy');
    expect((await triage.alert(ids.transient)).suppressed).toBe('transient');
    const recent = await triage.alert(ids.recent);
    expect(recent.held_until).not.toBeNull();
    expect(recent.incident_id).toBeNull();
    realIncident = (await triage.alert(ids.real)).incident_id ?? '';
    diskIncident = (await triage.alert(ids.diskA)).incident_id ?? '';
    expect(realIncident).toMatch(/^INC-/);
    expect(diskIncident).toMatch(/^INC-/);
    expect(diskIncident).not.toBe(realIncident);
  }, 120_000);
  afterAll(async () => {
    await store?.drop();
  });

  describe.concurrent('listing', { timeout: 120_000 }, () => {
    it('prints the newest alerts first, each with its source, rule, service, status, decision and last reason', async () => {
      const result = await firebreak();
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/│ ID\s+│ Received\s+│ Source\s+│ Rule\s+│ Service\s+│ Status\s+│ Decision\s+│ Last reason\s+│/);
      expect(tableIds(result.stdout)).toEqual([ids.recent, ids.diskB, ids.diskA, ids.transient, ids.real, ids.noisy]);
      const line = (id: number) => result.stdout.split('\n').find((row) => row.startsWith(`│ ${id} `)) ?? '';
      expect(line(ids.noisy)).toMatch(/│ 2025-03-03 09:00Z\s+│ alertmanager\s+│ ProbeSlow\s+│ edge\s+│ resolved\s+│ suppressed: known-noisy\s+│ resolved after 10 s \(was suppressed: known-noisy\)/);
      expect(line(ids.real)).toMatch(new RegExp(`│ UpstreamErrorRate\\s+│ partners\\s+│ firing\\s+│ in ${realIncident}\\s+│`));
      expect(line(ids.transient)).toMatch(/│ QueueDepthHigh\s+│ queue\s+│ resolved\s+│ suppressed: transient\s+│ resolved by itself 30 s after it fired/);
      expect(line(ids.recent)).toMatch(/│ CertExpiringSoon\s+│ gateway\s+│ firing\s+│ held until \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+│/);
      expect(result.stdout).toContain('6 alerts; `firebreak explain ID` says why\n');
    });

    it('prints the same alerts as JSON with --json, the decision spelled out', async () => {
      const alerts = await json();
      expect(alerts.map((alert) => alert.id)).toEqual([ids.recent, ids.diskB, ids.diskA, ids.transient, ids.real, ids.noisy]);
      const byId = new Map(alerts.map((alert) => [alert.id, alert]));
      expect(byId.get(ids.real)).toMatchObject({ source: 'alertmanager', rule: 'UpstreamErrorRate', service: 'partners', status: 'firing', incidentId: realIncident, decision: { kind: 'incident', incidentId: realIncident } });
      expect(byId.get(ids.transient)).toMatchObject({ status: 'resolved', suppressed: 'transient', decision: { kind: 'suppressed', reason: 'transient' }, lastStep: 'noise' });
      const recent = byId.get(ids.recent);
      expect(recent?.decision).toEqual({ kind: 'held', until: recent?.heldUntil });
      expect(recent?.lastReason).toContain('decided again at');
      expect(Object.keys(recent ?? {}).sort()).toEqual(
        ['decidedAt', 'decision', 'environment', 'firstReceivedAt', 'heldUntil', 'id', 'incidentId', 'lastDecision', 'lastReason', 'lastStep', 'rule', 'service', 'source', 'status', 'suppressed', 'title'].sort(),
      );
    });

    it('stops at --limit N (50 unless told) and says that there may be more', async () => {
      const result = await firebreak('--limit', '2');
      expect(result.code).toBe(0);
      expect(tableIds(result.stdout)).toEqual([ids.recent, ids.diskB]);
      expect(result.stdout).toContain('2 alerts (the newest 2; --limit for more)');
    });

    it('refuses a --limit that is not a positive whole number with one line and exit 2', async () => {
      const result = await firebreak('--limit', '0');
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe('firebreak: --limit: expected a positive whole number, got "0"');
    });
  });

  describe.concurrent('filters', { timeout: 120_000 }, () => {
    it('--since DURATION keeps the alerts first received within that long', async () => {
      expect((await json('--since', '1h')).map((alert) => alert.id)).toEqual([ids.recent]);
    });

    it('--since DATE keeps the alerts first received on or after it', async () => {
      expect((await json('--since', '2025-03-03T09:05:00Z')).map((alert) => alert.id)).toEqual([ids.recent, ids.diskB, ids.diskA, ids.transient]);
    });

    it('refuses a --since it cannot read, naming the flag', async () => {
      const result = await firebreak('--since', 'last tuesday-ish');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('firebreak: --since: expected a duration (90m, 2h, 1d) or a date');
    });

    it('--source keeps one source, and refuses one that does not exist', async () => {
      const [alertmanager, sentry, bogus] = await Promise.all([json('--source', 'alertmanager'), json('--source', 'sentry'), firebreak('--source', 'nagios')]);
      expect(alertmanager).toHaveLength(6);
      expect(sentry).toEqual([]);
      expect(bogus.code).toBe(2);
      expect(bogus.stderr).toMatch(/^firebreak: --source: /);
    });

    it('--service keeps one service', async () => {
      expect((await json('--service', 'storage')).map((alert) => alert.id)).toEqual([ids.diskB, ids.diskA]);
    });

    it('--incident keeps the alerts of that incident', async () => {
      expect((await json('--incident', realIncident)).map((alert) => alert.id)).toEqual([ids.real]);
    });

    it('--suppressed keeps the suppressed alerts, and --suppressed REASON only those of that reason', async () => {
      const [all, transient] = await Promise.all([json('--suppressed'), json('--suppressed', 'transient')]);
      expect(all.map((alert) => alert.id)).toEqual([ids.transient, ids.noisy]);
      expect(transient.map((alert) => alert.id)).toEqual([ids.transient]);
    });

    it('--held keeps the alerts held for a later decision', async () => {
      expect((await json('--held')).map((alert) => alert.id)).toEqual([ids.recent]);
    });

    it("--delivery KEY lists the alerts that delivery carried (the key of the webhook's 202 answer)", async () => {
      const [carried, third, unknown] = await Promise.all([json('--delivery', key), json('--delivery', `${key}/2`), firebreak('--delivery', 'alertmanager-nothing-like-it')]);
      // Past the resolution of nothing stored, which the delivery carried too.
      expect(carried.map((alert) => alert.id)).toEqual([ids.diskB, ids.diskA]);
      expect(third.map((alert) => alert.id)).toEqual([ids.diskB]);
      expect(unknown.code).toBe(0);
      expect(unknown.stdout).toBe('No alerts match.\n');
    });

    it('combines filters: all of them must hold', async () => {
      expect((await json('--delivery', key, '--service', 'queue'))).toEqual([]);
      expect((await json('--suppressed', '--since', '2025-03-03T09:05:00Z')).map((alert) => alert.id)).toEqual([ids.transient]);
    });
  });

  describe('firebreak explain with an id that is not stored', { timeout: 120_000 }, () => {
    it('says so in one line that points to firebreak alerts, exit 2', async () => {
      const result = await runFirebreak(['explain', '987654'], store.env);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('firebreak: ALERT_ID: no alert 987654; `firebreak alerts` lists the alerts received, newest first\n');
    });
  });
});
