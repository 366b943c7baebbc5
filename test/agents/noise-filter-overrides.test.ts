import { describe, expect, it } from 'vitest';
import { recordRuleOverride } from '../../src/actions/rule-change-executors.js';
import { normalizeSentry } from '../../src/http/receivers/sentry.js';
import { fixtureJson } from '../http/support/fixtures.js';
import { STORE_KINDS } from '../support/databases.js';
import { useStore } from './support/stores.js';
import { partnerErrors, slowProbe } from './support/sample-alerts.js';
import { TriageHarness } from './support/triage-harness.js';


describe('noise filter, with the rule overrides humans approved', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    const db = useStore(kind);
    const markKnownNoisy = (triage: TriageHarness, source: string, rule: string, t = 0) =>
      recordRuleOverride(db(), { source, rule, kind: 'known-noisy', holdS: null, reason: 'false positive on INC-0009 (RUN-0042)', by: 'UALICE', at: triage.at(t), runId: null });
    const setHold = (triage: TriageHarness, holdS: number, t = 0) =>
      recordRuleOverride(db(), { source: 'alertmanager', rule: 'ProbeSlow', kind: 'hold', holdS, reason: 'false positive on INC-0009 (RUN-0043)', by: 'UBOB', at: triage.at(t), runId: null });

    describe('when a rule was marked known-noisy though its verdicts are below the learned threshold', () => {
      it('suppresses its lone alert as known-noisy, naming who marked it, where the verdicts alone would only hold it', async () => {
        const triage = new TriageHarness(db());
        await triage.verdicts(slowProbe.labels, ['false_positive']);
        const unmarked = await triage.fire(10, slowProbe);
        expect((await triage.alert(unmarked)).suppressed).toBeNull();
        expect((await triage.alert(unmarked)).held_until).not.toBeNull();
        await triage.resolve(40, slowProbe);

        await markKnownNoisy(triage, 'alertmanager', 'ProbeSlow', 100);
        const marked = await triage.fire(7200, slowProbe);
        const alert = await triage.alert(marked);
        expect(alert.suppressed).toBe('known-noisy');
        expect(alert.trace).toContainEqual(expect.objectContaining({ step: 'noise', decision: 'suppressed: known-noisy', reason: expect.stringContaining('marked known-noisy by UALICE') }));
        const [suppression] = await triage.suppressions(marked);
        expect(suppression?.detail).toMatchObject({ falsePositives: 1, truePositives: 0, markedKnownNoisy: { by: 'UALICE', reason: 'false positive on INC-0009 (RUN-0042)' } });
        expect(triage.notified()).toEqual([]);
      });

      it('does not apply the mark to an alert triaged before it was recorded (a replay decides as it did then)', async () => {
        const triage = new TriageHarness(db());
        await markKnownNoisy(triage, 'alertmanager', 'ProbeSlow', 600);
        const before = await triage.fire(10, slowProbe);
        expect((await triage.alert(before)).suppressed).toBeNull();
      });

      it('keys the mark by source and rule: a Sentry issue rule is suppressed by its rule key, another source with the same name is not', async () => {
        const triage = new TriageHarness(db());
        const body = fixtureJson('sentry/issue.created.docs.json');
        const [sentryAlert] = normalizeSentry(body, { 'sentry-hook-resource': 'issue' }, triage.at(0));
        await markKnownNoisy(triage, 'sentry', sentryAlert!.rule);
        await markKnownNoisy(triage, 'sentry', 'ProbeSlow');
        const [outcome] = await triage.sentry(30, 'issue', body);
        const alert = await triage.alert(outcome!.alertId!);
        expect(alert.suppressed).toBe('known-noisy');
        expect(alert.incident_id).toBeNull();
        const probe = await triage.fire(60, slowProbe);
        expect((await triage.alert(probe)).suppressed).toBeNull();
        expect(triage.notified()).toEqual([]);
      });

      it('does not suppress an alert that joins an open incident', async () => {
        const triage = new TriageHarness(db());
        await markKnownNoisy(triage, 'alertmanager', 'ProbeSlow');
        const real = await triage.fire(10, partnerErrors);
        await triage.advance(10 + triage.policy.maxHoldS + 60);
        const incidentId = (await triage.alert(real)).incident_id;
        expect(incidentId).not.toBeNull();
        const noisy = await triage.fire(10 + triage.policy.maxHoldS + 120, slowProbe);
        const alert = await triage.alert(noisy);
        expect(alert.suppressed).toBeNull();
        expect(alert.incident_id).toBe(incidentId);
        expect(alert.trace).toContainEqual(expect.objectContaining({ step: 'noise', decision: 'not noise', reason: expect.stringContaining('known-noisy rule, but corroborated') }));
      });
    });

    describe('when a longer hold was set on a rule', () => {
      it('holds its lone alert that long instead of the learned hold, and suppresses it as transient when it resolves within', async () => {
        const triage = new TriageHarness(db());
        const holdS = triage.policy.defaultHoldS * 3;
        await setHold(triage, holdS);
        const id = await triage.fire(10, slowProbe);
        const held = await triage.alert(id);
        expect(held.held_until).toBe(triage.at(10 + holdS).toISOString());
        expect(held.trace).toContainEqual(
          expect.objectContaining({ step: 'noise', decision: 'held', reason: expect.stringContaining(`hold ${holdS} s set by UBOB`), evidence: expect.objectContaining({ learnedHoldS: triage.policy.defaultHoldS }) }),
        );
        // later than the learned hold would have waited, within the one set
        await triage.resolve(10 + triage.policy.defaultHoldS + 120, slowProbe);
        await triage.advance(10 + holdS + 60);
        expect((await triage.alert(id)).suppressed).toBe('transient');
        expect(triage.notified()).toEqual([]);
      });

      it('notifies when the longer hold runs out with no resolution', async () => {
        const triage = new TriageHarness(db());
        const holdS = triage.policy.defaultHoldS * 2;
        await setHold(triage, holdS);
        const id = await triage.fire(10, slowProbe);
        await triage.advance(10 + triage.policy.defaultHoldS + 30);
        expect((await triage.alert(id)).incident_id).toBeNull();
        await triage.advance(10 + holdS + 1);
        const alert = await triage.alert(id);
        expect(alert.incident_id).not.toBeNull();
        expect((await triage.incident(alert.incident_id!)).notified_at).toBe(triage.at(10 + holdS).toISOString());
      });

      it('never holds longer than the policy allows, whatever was stored', async () => {
        const triage = new TriageHarness(db());
        await setHold(triage, triage.policy.maxHoldOverrideS * 10);
        const id = await triage.fire(10, slowProbe);
        expect((await triage.alert(id)).held_until).toBe(triage.at(10 + triage.policy.maxHoldOverrideS).toISOString());
      });

      it('still lets a related alert of another rule release the held alert into an incident at once', async () => {
        const triage = new TriageHarness(db());
        await setHold(triage, triage.policy.maxHoldOverrideS);
        const held = await triage.fire(10, slowProbe);
        const other = await triage.fire(70, partnerErrors);
        await triage.advance(70 + triage.policy.maxHoldS + 60);
        const incidentId = (await triage.alert(other)).incident_id;
        expect(incidentId).not.toBeNull();
        expect((await triage.alert(held)).incident_id).toBe(incidentId);
        expect(Date.parse((await triage.incident(incidentId!)).notified_at!)).toBeLessThan(Date.parse(triage.at(10 + triage.policy.maxHoldOverrideS).toISOString()));
      });
    });
  });
});
