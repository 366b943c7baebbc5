import { createHash } from 'node:crypto';
import { learnHold, ruleBehaviour } from '../../agents/lib/hold-policy.js';
import { canSelfResolve, knownNoise } from '../../agents/noise-filter.js';
import { DEFAULT_TRIAGE_POLICY, type TriagePolicy } from '../../agents/policy.js';
import { NO_RULE_OVERRIDES } from '../../agents/ports/verdict-log.js';
import { formatDuration } from '../reports/report-format.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { SqlAlertLog } from '../store/triage/sql-alert-log.js';
import { SqlVerdictLog } from '../store/triage/sql-knowledge.js';
import type { ActionRisk } from '../domain/playbook.js';
import type { RuleChangeKind } from './action-run.js';
import { SILENCE_DAYS } from './rule-change-executors.js';
import { holdEffect, knownNoisyEffect, loadRuleAlerts, selfResolutionsS, silenceEffect, type RuleAlert } from './rule-effects.js';

/** The playbook id under which rule changes implied by false-positive verdicts are proposed. */
export const RULE_CHANGE_PLAYBOOK = 'false-positive';
const EFFECT_WINDOW_DAYS = 30;
/** Added to the slowest self-resolution, as the learned hold does: resolutions arrive on the sender's interval. */
const HOLD_MARGIN_S = 60;

/** A rule change to propose for the rule of an alert judged a false positive, with its effect on stored alerts. */
export interface RuleChange {
  actionId: string;
  title: string;
  kind: RuleChangeKind;
  /** `high` (two approvers) when it would have hidden alerts of real incidents. */
  risk: ActionRisk;
  notice: string;
  spec: Record<string, unknown>;
}

/** A rule change not proposed, and why (said in the thread and the timeline). */
export interface SkippedRuleChange {
  rule: string;
  kind: RuleChangeKind;
  why: string;
}

interface IncidentRule {
  rule: string;
  source: string;
  labels: Record<string, string>;
}

/**
 * The rule changes a false positive implies, for each rule of the incident's alerts: silence it for a week (by its
 * `alertname`), mark it known-noisy (suppressed from now on unless other alerts corroborate it), or hold its lone
 * alerts longer. Each says what it would have done to the rule's alerts of the last 30 days; a change that would
 * change nothing (the rule already known-noisy, a rule that never resolves by itself, a hold already at its cap, a
 * hold that would have spared no notification) is not proposed, and `skipped` says why. Call it after the verdicts
 * are recorded: they count in.
 */
export async function ruleChangesFor(db: Db, incidentId: string, now: Date, policy: TriagePolicy = DEFAULT_TRIAGE_POLICY): Promise<{ proposals: RuleChange[]; skipped: SkippedRuleChange[] }> {
  const rules = await db.query<IncidentRule>(sql('actions/incident-rule-alerts'), [incidentId]);
  const since = new Date(now.getTime() - EFFECT_WINDOW_DAYS * 86_400_000);
  const proposals: RuleChange[] = [];
  const skipped: SkippedRuleChange[] = [];
  const verdictLog = new SqlVerdictLog(db);
  const alertLog = new SqlAlertLog(db);
  for (const incidentRule of rules) {
    const { rule, source } = incidentRule;
    // a silence matches labels whatever the sender; the other changes are kept per (source, rule)
    const everySource = await loadRuleAlerts(db, { source: null, rule }, since, now);
    const alerts = everySource.filter((alert) => alert.source === source);
    const say = (kind: RuleChangeKind, why: string) => skipped.push({ rule, kind, why });

    const silence = silenceChange(incidentRule, everySource);
    if (typeof silence === 'string') say('silence', silence);
    else proposals.push(silence);

    // the verdicts just recorded (at `now`) count: read them up to and including now
    const verdicts = await verdictLog.forRule(source, rule, new Date(now.getTime() + 1));
    const overrides = await verdictLog.overridesFor(source, rule, now);
    const learned = knownNoise(rule, verdicts, NO_RULE_OVERRIDES, policy);
    if (learned.knownNoisy) say('known-noisy', `already known-noisy: ${learned.why}`);
    else if (overrides.knownNoisy !== null) say('known-noisy', `already marked known-noisy by ${overrides.knownNoisy.by ?? 'someone'} at ${overrides.knownNoisy.at}`);
    else proposals.push(knownNoisyChange(incidentRule, alerts));

    if (!canSelfResolve(incidentRule)) {
      say('longer-hold', `its sender never resolves it by itself (${source}), so it is never held: a longer hold would change nothing`);
      continue;
    }
    const behaviour = await ruleBehaviour(alertLog, { source, rule, firstReceivedAt: now.toISOString() }, now, policy);
    const currentS = learnHold(rule, behaviour, policy, overrides.hold).holdS;
    const hold = holdChange(incidentRule, alerts, currentS, policy.maxHoldOverrideS);
    if (typeof hold === 'string') say('longer-hold', hold);
    else proposals.push(hold);
  }
  return { proposals, skipped };
}

function silenceChange({ rule, labels }: IncidentRule, alerts: RuleAlert[]): RuleChange | string {
  const alertname = labels.alertname;
  if (alertname === undefined) return 'its alerts carry no alertname label for a silence to match; marking it known-noisy can';
  const matchers: Record<string, string> = { alertname: `^${escapeRegex(alertname)}$` };
  const service = labels.service;
  if (service !== undefined) matchers.service = `^${escapeRegex(service)}$`;
  const effect = silenceEffect(alerts, matchers);
  return {
    actionId: `silence-${alertname}`.slice(0, 120),
    title: `Silence ${alertname}${service !== undefined ? ` on ${service}` : ''} for ${SILENCE_DAYS} days`,
    kind: 'silence',
    risk: effect.inRealIncidents > 0 ? 'high' : 'medium',
    notice:
      `Over the last ${EFFECT_WINDOW_DAYS} days this would have hidden ${effect.alerts} alert(s) of this rule` +
      (effect.inRealIncidents > 0 ? `, ${effect.inRealIncidents} of them in ${effect.realIncidents} real incident(s) (high risk: two approvers).` : ', none of them in a real incident.'),
    spec: { rule, matchers, days: SILENCE_DAYS },
  };
}

function knownNoisyChange({ rule, source }: IncidentRule, alerts: RuleAlert[]): RuleChange {
  const effect = knownNoisyEffect(alerts);
  const real =
    effect.inRealIncidents === 0
      ? 'none of them in a real incident.'
      : `${effect.inRealIncidents} of them in ${effect.realIncidents} real incident(s); ` +
        (effect.missedRealIncidents === 0
          ? 'each of those also had alerts of other rules, which would have lifted the suppression.'
          : `${effect.missedRealIncidents} of those had no alert of another rule and would have been missed (high risk: two approvers).`);
  return {
    actionId: actionIdFor('known-noisy', `${source}-${rule}`),
    title: `Mark ${shortRule(rule)} known-noisy`,
    kind: 'known-noisy',
    risk: effect.missedRealIncidents > 0 ? 'high' : 'medium',
    notice:
      `From now on its alerts are suppressed as known-noisy unless alerts of other rules corroborate them. Over the last ${EFFECT_WINDOW_DAYS} days ` +
      `${effect.wouldSuppress} of its ${effect.alerts} alert(s) would have been suppressed (${effect.suppressedAnyway} were suppressed anyway), ${real}`,
    spec: { source, rule },
  };
}

function holdChange({ rule, source }: IncidentRule, alerts: RuleAlert[], currentS: number, capS: number): RuleChange | string {
  const resolutions = selfResolutionsS(alerts);
  const slowest = resolutions.at(-1);
  if (slowest === undefined) return `none of its alerts resolved by itself in the last ${EFFECT_WINDOW_DAYS} days: a longer hold would only delay them`;
  const holdS = Math.min(capS, Math.max(slowest + HOLD_MARGIN_S, currentS * 2));
  if (holdS <= currentS) return `its hold is already ${currentS} s, and ${capS} s is the longest a rule may be held`;
  const effect = holdEffect(alerts, currentS, holdS);
  if (effect.spared === 0) {
    return `its hold is ${currentS} s, and one of ${holdS} s would have spared no notification in the last ${EFFECT_WINDOW_DAYS} days (none of its alerts notified alone resolved between the two)`;
  }
  const sized = holdS === capS ? `the longest a rule may be held` : holdS === slowest + HOLD_MARGIN_S ? `its slowest self-resolution (${slowest} s) plus a minute` : `twice the current hold`;
  return {
    actionId: actionIdFor('longer-hold', `${source}-${rule}`),
    title: `Hold lone ${shortRule(rule)} alerts ${holdS} s instead of ${currentS} s`,
    kind: 'longer-hold',
    risk: effect.sparedInRealIncidents > 0 ? 'high' : 'medium',
    notice:
      `${holdS} s is ${sized}. Over the last ${EFFECT_WINDOW_DAYS} days ${effect.notifiedAlone} of its ${effect.alerts} alert(s) opened an incident on their own, after a hold; ` +
      `with ${holdS} s instead of ${currentS} s, ${effect.spared} of those would not have been notified (they resolved by themselves in between), ` +
      (effect.sparedInRealIncidents > 0 ? `${effect.sparedInRealIncidents} of them in real incidents (high risk: two approvers); ` : 'none of them in a real incident; ') +
      (effect.later === 0 ? 'no notification would have come later.' : `${effect.later} notification(s) would have come later, by ${formatDuration(effect.delayMedianS)} (median) and ${formatDuration(effect.delayMaxS)} at most.`),
    spec: { source, rule, holdS, previousHoldS: currentS },
  };
}

/** An action id unique per rule within an incident, within the column's 120 characters. */
function actionIdFor(prefix: string, key: string): string {
  const id = `${prefix}-${key}`;
  if (id.length <= 120) return id;
  return `${id.slice(0, 100)}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** Sentry rule keys are titles: keep the action's title readable. */
function shortRule(rule: string): string {
  return rule.length <= 80 ? rule : `${rule.slice(0, 79)}…`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
