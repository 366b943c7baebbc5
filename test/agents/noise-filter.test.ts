import { describe, expect, it } from 'vitest';
import { importHistory } from '../../src/import/index.js';
import { recordRuleOverride } from '../../src/actions/rule-change-executors.js';
import { SqlSilenceLog } from '../../src/store/triage/sql-knowledge.js';
import { fixtureJson } from '../http/support/fixtures.js';
import { STORE_KINDS } from '../support/databases.js';
import { useStore } from './support/stores.js';
import { partnerErrors, slowProbe } from './support/sample-alerts.js';
import { TriageHarness, type AmAlert } from './support/triage-harness.js';

const nodeDown: AmAlert = {
  labels: { alertname: 'NodeDown', app: 'payments', instance: 'pay-node-3:9100', severity: 'critical' },
  summary: 'Node pay-node-3 is unreachable',
};
const linkFlap: AmAlert = {
  labels: { alertname: 'NetworkInterfaceFlapping', instance: 'edge-router-2:9100', device: 'eth1', service: 'edge', severity: 'warning' },
  summary: 'eth1 on edge-router-2 changes state',
};

describe('noise filter', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    const db = useStore(kind);

    describe('when an alert fires inside a silence whose matchers all match', () => {
      it('suppresses it as maintenance, reading `service` from the alert when no label is called so', async () => {
        const triage = new TriageHarness(db());
        await new SqlSilenceLog(db()).add(
          { matchers: { service: '^payments$', alertname: 'Node.*' }, startsAt: triage.at(0).toISOString(), endsAt: triage.at(3600).toISOString(), comment: 'kernel upgrade', createdBy: 'ops@example.com' },
          triage.at(0),
        );
        const id = await triage.fire(600, nodeDown);
        const alert = await triage.alert(id);
        expect(alert.suppressed).toBe('maintenance');
        expect(alert.trace).toContainEqual(expect.objectContaining({ step: 'noise', decision: 'suppressed: maintenance', reason: expect.stringContaining('kernel upgrade') }));
        const [suppression] = await triage.suppressions(id);
        expect(suppression?.reason).toBe('maintenance');
        expect(suppression?.lifted_at).toBeNull();
      });

      it('does not suppress an alert fired after the window closed', async () => {
        const triage = new TriageHarness(db());
        await new SqlSilenceLog(db()).add({ matchers: { service: 'payments' }, startsAt: triage.at(0).toISOString(), endsAt: triage.at(600).toISOString(), comment: null, createdBy: null }, triage.at(0));
        const id = await triage.fire(900, nodeDown);
        expect((await triage.alert(id)).suppressed).toBeNull();
      });

      it('does not suppress an alert one of whose labels does not match', async () => {
        const triage = new TriageHarness(db());
        await new SqlSilenceLog(db()).add({ matchers: { service: '^payments$', alertname: '^DiskFull$' }, startsAt: triage.at(0).toISOString(), endsAt: triage.at(3600).toISOString(), comment: null, createdBy: null }, triage.at(0));
        const id = await triage.fire(60, nodeDown);
        expect((await triage.alert(id)).suppressed).toBeNull();
      });
    });

    describe('when the same alert keeps firing and resolving', () => {
      it('suppresses the next episode as flapping, naming the earlier episodes', async () => {
        const triage = new TriageHarness(db());
        const episodes = triage.policy.flappingMinEpisodes;
        const spacing = Math.min(600, Math.floor(triage.policy.flappingWindowS / (episodes + 2)));
        for (let n = 0; n < episodes; n += 1) {
          await triage.fire(n * spacing + 10, linkFlap);
          await triage.resolve(n * spacing + 40, linkFlap);
        }
        const id = await triage.fire(episodes * spacing + 10, linkFlap);
        const alert = await triage.alert(id);
        expect(alert.suppressed).toBe('flapping');
        const [suppression] = await triage.suppressions(id);
        expect(suppression?.detail.episodes).toHaveLength(episodes);
        expect(triage.notified()).toEqual([]);
      });
    });

    describe('when a lone alert that can resolve by itself fires', () => {
      it('holds it, and suppresses it as transient when its resolution arrives within the hold', async () => {
        const triage = new TriageHarness(db());
        const id = await triage.fire(10, slowProbe);
        const held = await triage.alert(id);
        expect(held.held_until).not.toBeNull();
        expect(held.suppressed).toBeNull();
        expect(held.trace).toContainEqual(expect.objectContaining({ step: 'noise', decision: 'held' }));

        const resolveAt = 10 + Math.floor(triage.policy.minHoldS / 2);
        await triage.resolve(resolveAt, slowProbe);
        await triage.advance(10 + triage.policy.maxHoldS + 60);
        const after = await triage.alert(id);
        expect(after.suppressed).toBe('transient');
        expect(after.incident_id).toBeNull();
        expect((await triage.suppressions(id)).map((row) => row.reason)).toEqual(['transient']);
        expect(triage.notified()).toEqual([]);
      });

      it('opens and notifies an incident when the hold runs out with no resolution, saying what held it back', async () => {
        const triage = new TriageHarness(db());
        const id = await triage.fire(10, slowProbe);
        const heldUntil = (await triage.alert(id)).held_until;
        expect(heldUntil).not.toBeNull();
        await triage.advance(10 + triage.policy.maxHoldS + 60);

        const alert = await triage.alert(id);
        expect(alert.incident_id).not.toBeNull();
        expect(alert.suppressed).toBeNull();
        expect(alert.trace.map((entry) => `${entry.step}:${entry.decision}`)).toEqual(expect.arrayContaining(['noise:held', 'noise:hold over', 'decide:notified']));
        const incident = await triage.incident(alert.incident_id!);
        expect(incident.notified_at).toBe(new Date(heldUntil!).toISOString());
        expect(triage.notified()).toEqual([alert.incident_id]);
      });
    });

    describe('when a legacy Grafana rule resolves again with the very bytes of an earlier episode\'s resolution', () => {
      const legacy = (state: 'alerting' | 'ok') => ({
        dashboardId: 21, panelId: 2, orgId: 1, ruleId: 61, ruleName: 'Onboarding completions per hour', state, title: `[${state === 'ok' ? 'OK' : 'Alerting'}] Onboarding completions per hour`,
        message: 'No merchant finished onboarding in the last hour.', evalMatches: [], tags: { dashboard: 'merchant-onboarding', severity: 'ticket' },
      });

      it('takes it as the resolution it is (legacy bodies carry no time or id), so the alert is transient', async () => {
        const triage = new TriageHarness(db());
        await triage.grafana(10, legacy('alerting'));
        await triage.grafana(310, legacy('ok'));
        const later = 2 * 86_400;
        const [again] = await triage.grafana(later, legacy('alerting'));
        const [resolution] = await triage.grafana(later + 300, legacy('ok'));
        expect(resolution?.outcome).toBe('resolved');
        await triage.advance(later + triage.policy.maxHoldS + 60);
        expect((await triage.alert(again!.alertId!)).suppressed).toBe('transient');
      });
    });

    describe('when the alert is a Sentry issue, which never resolves by itself', () => {
      it('does not hold it: the incident is opened and notified at once', async () => {
        const triage = new TriageHarness(db());
        const [outcome] = await triage.sentry(30, 'issue', fixtureJson('sentry/issue.created.docs.json'));
        expect(outcome?.outcome).toBe('new');
        const alert = await triage.alert(outcome!.alertId!);
        expect(alert.held_until).toBeNull();
        expect(alert.incident_id).not.toBeNull();
        expect(alert.trace).toContainEqual(expect.objectContaining({ step: 'noise', decision: 'not noise', reason: expect.stringContaining('does not resolve by itself') }));
        expect((await triage.incident(alert.incident_id!)).notified_at).toBe(triage.at(30).toISOString());
      });
    });

    describe('when a rule is known noisy and nothing else is wrong', () => {
      it('suppresses it as known-noisy with the verdict counts', async () => {
        const triage = new TriageHarness(db());
        const falsePositives = triage.policy.knownNoisyMinFalsePositives + 1;
        await triage.verdicts(slowProbe.labels, Array.from({ length: falsePositives }, () => 'false_positive' as const));
        const id = await triage.fire(10, slowProbe);
        const alert = await triage.alert(id);
        expect(alert.suppressed).toBe('known-noisy');
        const [suppression] = await triage.suppressions(id);
        expect(suppression?.detail).toMatchObject({ falsePositives, truePositives: 0 });
      });
    });

    describe('when past incidents of the imported history name the rule', () => {
      const pastIncident = (id: string, status: string, title: string, symptom: string) => ({
        id, title, status, symptom, service: 'partners', severity: 'minor', impact_started_at: '2024-05-01T10:00:00Z', detected_at: '2024-05-01T10:05:00Z',
        resolved_at: '2024-05-01T11:00:00Z', impact: 'none', root_cause: 'probe timeout too tight', category: 'monitoring',
      });

      it('counts those closed as false positives as verdicts on it, and suppresses it as known-noisy, saying so', async () => {
        const triage = new TriageHarness(db());
        const falseAlarms = triage.policy.knownNoisyMinFalsePositives + 1;
        await importHistory(db(), Array.from({ length: falseAlarms }, (_, n) => pastIncident(`H-${n}`, 'false_positive', 'ProbeSlow on partners', 'ProbeSlow fired for partners.')));
        const id = await triage.fire(10, slowProbe);
        const alert = await triage.alert(id);
        expect(alert.suppressed).toBe('known-noisy');
        const [suppression] = await triage.suppressions(id);
        expect(suppression?.detail).toMatchObject({ falsePositives: falseAlarms, truePositives: 0, pastIncidents: { falsePositives: falseAlarms, truePositives: 0 } });
        expect(JSON.stringify(alert.trace)).toContain(`past incidents naming it: ${falseAlarms} false positive(s), 0 real`);
      });

      it('counts the resolved ones that name it as real, so a rule that was real as often is not suppressed', async () => {
        const triage = new TriageHarness(db());
        const n = triage.policy.knownNoisyMinFalsePositives + 1;
        await importHistory(db(), [
          ...Array.from({ length: n }, (_, i) => pastIncident(`H-fp-${i}`, 'false_positive', 'ProbeSlow on partners', 'ProbeSlow fired for partners.')),
          ...Array.from({ length: n }, (_, i) => pastIncident(`H-real-${i}`, 'resolved', 'Partner API down', 'ProbeSlow then UpstreamErrorRate on partners.')),
        ]);
        const id = await triage.fire(10, slowProbe);
        expect((await triage.alert(id)).suppressed).not.toBe('known-noisy');
      });
    });

    describe('when a rule is known noisy but the service has other alerts', () => {
      it('does not leave it suppressed: it ends in the incident the other alert opens, with one notification', async () => {
        const triage = new TriageHarness(db());
        await triage.verdicts(slowProbe.labels, Array.from({ length: triage.policy.knownNoisyMinFalsePositives + 1 }, () => 'false_positive' as const));
        const other = await triage.fire(10, partnerErrors);
        const noisy = await triage.fire(70, slowProbe);
        await triage.advance(70 + triage.policy.maxHoldS + 60);
        const alert = await triage.alert(noisy);
        expect(alert.suppressed).toBeNull();
        expect(alert.incident_id).not.toBeNull();
        expect((await triage.alert(other)).incident_id).toBe(alert.incident_id);
        expect(triage.notified()).toEqual([alert.incident_id]);
      });
    });

    describe('when known noise is the first sign of a real incident', () => {
      // a rule is known noise from its verdicts, or because a human approved marking it so: both are lifted alike
      const makeKnownNoisy: Array<[string, (triage: TriageHarness) => Promise<unknown>]> = [
        ['learned from verdicts', (triage) => triage.verdicts(slowProbe.labels, Array.from({ length: triage.policy.knownNoisyMinFalsePositives + 1 }, () => 'false_positive' as const))],
        ['marked known-noisy by a human', (triage) => recordRuleOverride(db(), { source: 'alertmanager', rule: 'ProbeSlow', kind: 'known-noisy', holdS: null, reason: 'false positive on INC-0009 (RUN-0042)', by: 'UALICE', at: triage.at(0), runId: null })],
      ];
      it.each(makeKnownNoisy)('suppresses it at first (%s), then pulls it into the incident and lifts its suppression', async (_how, make) => {
        const triage = new TriageHarness(db());
        await make(triage);
        const noisy = await triage.fire(10, slowProbe);
        expect((await triage.alert(noisy)).suppressed).toBe('known-noisy');

        const real = await triage.fire(130, partnerErrors);
        await triage.advance(130 + triage.policy.maxHoldS + 60);
        const incidentId = (await triage.alert(real)).incident_id;
        expect(incidentId).not.toBeNull();
        const promoted = await triage.alert(noisy);
        expect(promoted.incident_id).toBe(incidentId);
        expect(promoted.suppressed).toBeNull();
        expect(promoted.trace).toContainEqual(expect.objectContaining({ step: 'safety-net', decision: 'promoted', reason: expect.stringContaining(incidentId!) }));
        const [suppression] = await triage.suppressions(noisy);
        expect(suppression?.reason).toBe('known-noisy');
        expect(suppression?.lifted_at).not.toBeNull();
        expect(suppression?.lifted_reason).toContain(incidentId!);
        expect(triage.notified()).toEqual([incidentId]);
      });
    });
  });
});
