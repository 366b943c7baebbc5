import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../http/support/fixtures.js';
import { STORE_KINDS } from '../support/databases.js';
import { useStore } from './support/stores.js';
import { TriageHarness, type AmAlert } from './support/triage-harness.js';

const diskAlert: AmAlert = {
  labels: { alertname: 'NodeFilesystemAlmostFull', instance: 'build-runner-04:9100', service: 'ci', severity: 'warning' },
  summary: 'Filesystem on build-runner-04 is 91% full',
};

describe('dedupe and state', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    const db = useStore(kind);

    describe('when the same body is delivered twice', () => {
      it('records the alert once and calls the second delivery a redelivery', async () => {
        const triage = new TriageHarness(db());
        const body = triage.alertmanagerBody(10, [diskAlert]);
        const [first] = await triage.alertmanager(10, body);
        const [second] = await triage.alertmanager(40, body);
        expect(first?.outcome).toBe('new');
        expect(second).toEqual({ alertId: first?.alertId, outcome: 'redelivery' });
        const rows = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM alerts');
        expect(rows[0]?.n).toBe(1);
        const alert = await triage.alert(first!.alertId!);
        expect(alert.trace.filter((entry) => entry.step === 'dedupe' && entry.decision === 'new')).toHaveLength(1);
      });
    });

    describe('when a second Alertmanager replica sends the alert that is still firing', () => {
      it('counts a repeat on the same episode rather than a new alert', async () => {
        const triage = new TriageHarness(db());
        const [first] = await triage.alertmanager(10, [diskAlert]);
        const peer = triage.alertmanagerBody(10, [diskAlert], { externalURL: 'http://alertmanager-1:9093' });
        const [second] = await triage.alertmanager(25, peer);
        // A repeat changes nothing: the alert is still held as the first notification left it.
        expect(second).toEqual({ alertId: first?.alertId, outcome: 'repeat', decision: first?.decision });
        expect(first?.decision?.kind).toBe('held');
        expect((await triage.alert(first!.alertId!)).repeats).toBe(1);
      });
    });

    describe('when the resolution arrives', () => {
      it('closes the episode, and the next firing is a new episode', async () => {
        const triage = new TriageHarness(db());
        const id = await triage.fire(10, diskAlert);
        const resolved = await triage.resolve(70, diskAlert);
        expect(resolved).toEqual({ alertId: id, outcome: 'resolved', decision: { kind: 'suppressed', reason: 'transient' } });
        expect((await triage.alert(id)).status).toBe('resolved');
        const again = await triage.fire(4000, diskAlert);
        expect(again).not.toBe(id);
        expect((await triage.alert(again)).status).toBe('firing');
      });

      it('marks the incident mitigated once none of its alerts still fires', async () => {
        const triage = new TriageHarness(db());
        const id = await triage.fire(10, diskAlert);
        await triage.advance(10 + triage.policy.maxHoldS + 60);
        const incidentId = (await triage.alert(id)).incident_id;
        expect(incidentId).not.toBeNull();
        await triage.resolve(3000, diskAlert);
        expect((await triage.incident(incidentId!)).status).toBe('mitigated');
        const timeline = await db().query<{ kind: string }>('SELECT kind FROM timeline WHERE incident_id = $1 ORDER BY id', [incidentId]);
        expect(timeline.map((entry) => entry.kind)).toContain('alert-resolved');
        expect(triage.notifier.events).toContainEqual(expect.objectContaining({ kind: 'updated', incidentId, detail: expect.objectContaining({ kind: 'alert-resolved', alertId: id }) }));
      });
    });

    describe('when the run that opens an incident stops before the notification is written', () => {
      it('is finished by the redelivery of the same body: the incident is notified, once', async () => {
        const triage = new TriageHarness(db());
        const body = fixtureJson('sentry/issue.created.docs.json');
        const notify = triage.notifier.incidentOpened.bind(triage.notifier);
        let calls = 0;
        triage.notifier.incidentOpened = async (incidentId) => {
          calls += 1;
          // The worker dies here, before the intent reached the outbox.
          if (calls === 1) throw new Error('worker killed');
          await notify(incidentId);
        };
        await expect(triage.sentry(30, 'issue', body)).rejects.toThrow('worker killed');
        const [again] = await triage.sentry(45, 'issue', body);
        expect(again?.outcome).toBe('redelivery');
        const incidentId = (await triage.alert(again!.alertId!)).incident_id!;
        expect(triage.notified()).toEqual([incidentId]);
        expect((await triage.incident(incidentId)).notified_at).toBe(triage.at(45).toISOString());
      });
    });

    describe('when a resolution arrives for an alert never seen firing', () => {
      it('answers resolved-unknown and stores no alert', async () => {
        const triage = new TriageHarness(db());
        const [outcome] = await triage.alertmanager(10, [{ ...diskAlert, status: 'resolved' }]);
        expect(outcome).toEqual({ alertId: null, outcome: 'resolved-unknown' });
        const rows = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM alerts');
        expect(rows[0]?.n).toBe(0);
        const deliveries = await db().query<{ outcome: string }>('SELECT outcome FROM alert_deliveries');
        expect(deliveries).toEqual([{ outcome: 'resolved-unknown' }]);
      });
    });
  });
});
