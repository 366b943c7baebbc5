import { silenceMatches } from '../silences/silence-matches.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';

/**
 * What a rule change would have done to the alerts already stored: each rule change offered after a false positive
 * says it beside its buttons, so the human approving it sees what it hides and what it delays before it runs.
 * Everything here is computed from one read of the rule's alerts (`loadRuleAlerts`), by pure functions.
 */

/** One stored alert of a rule, with what became of it. */
export interface RuleAlert {
  id: number;
  source: string;
  service: string | null;
  labels: Record<string, string>;
  firstReceivedAt: string;
  resolvedAt: string | null;
  suppressed: string | null;
  incidentId: string | null;
  incidentStatus: string | null;
  notifiedAt: string | null;
  /** It was its incident's first alert (the one that opened it). */
  openedIncident: boolean;
  /** The first alert of another rule in the same incident, if any: what corroborated it. */
  otherRuleFirstAt: string | null;
}

interface RuleAlertRow {
  id: number;
  source: string;
  service: string | null;
  labels: Record<string, string>;
  first_received_at: string;
  resolved_at: string | null;
  suppressed: string | null;
  incident_id: string | null;
  incident_status: string | null;
  notified_at: string | null;
  opened_incident: boolean;
  other_rule_first_at: string | null;
}

/** The alerts of a rule first received in [since, until], oldest first; `source` null reads every source's. */
export async function loadRuleAlerts(db: Db, rule: { source: string | null; rule: string }, since: Date, until: Date): Promise<RuleAlert[]> {
  const rows = await db.query<RuleAlertRow>(sql('actions/rule-alerts-since'), [rule.source, rule.rule, since.toISOString(), until.toISOString()]);
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    service: row.service,
    labels: row.labels ?? {},
    firstReceivedAt: row.first_received_at,
    resolvedAt: row.resolved_at,
    suppressed: row.suppressed,
    incidentId: row.incident_id,
    incidentStatus: row.incident_status,
    notifiedAt: row.notified_at,
    openedIncident: row.incident_id !== null && row.opened_incident,
    otherRuleFirstAt: row.other_rule_first_at,
  }));
}

/** An incident a human did not close as a false positive. */
function inRealIncident(alert: RuleAlert): boolean {
  return alert.incidentId !== null && alert.incidentStatus !== 'false_positive';
}

function distinctIncidents(alerts: RuleAlert[]): number {
  return new Set(alerts.map((alert) => alert.incidentId)).size;
}

/** What a silence would have hidden: the alerts its matchers match, and those of them in real incidents. */
export interface SilenceEffect {
  alerts: number;
  inRealIncidents: number;
  realIncidents: number;
}

export function silenceEffect(alerts: RuleAlert[], matchers: Record<string, string>): SilenceEffect {
  const hidden = alerts.filter((alert) => silenceMatches(matchers, alert.labels, alert.service));
  const real = hidden.filter(inRealIncident);
  return { alerts: hidden.length, inRealIncidents: real.length, realIncidents: distinctIncidents(real) };
}

/**
 * What marking the rule known-noisy would have done: every alert not already suppressed otherwise (a silence,
 * flapping, transient) is suppressed, unless alerts of other rules corroborate it. Real incidents in which another
 * rule also alerted would still have been seen (the other alerts lift the suppression); those with only this rule's
 * alerts would have been missed.
 */
export interface KnownNoisyEffect {
  alerts: number;
  suppressedAnyway: number;
  wouldSuppress: number;
  inRealIncidents: number;
  realIncidents: number;
  missedRealIncidents: number;
}

export function knownNoisyEffect(alerts: RuleAlert[]): KnownNoisyEffect {
  const wouldSuppress = alerts.filter((alert) => alert.suppressed === null);
  const real = wouldSuppress.filter(inRealIncident);
  return {
    alerts: alerts.length,
    suppressedAnyway: alerts.length - wouldSuppress.length,
    wouldSuppress: wouldSuppress.length,
    inRealIncidents: real.length,
    realIncidents: distinctIncidents(real),
    missedRealIncidents: distinctIncidents(real.filter((alert) => alert.otherRuleFirstAt === null)),
  };
}

/**
 * What holding the rule's lone alerts `holdS` instead of `currentS` would have done. Only alerts that opened their
 * incident and were notified before any alert of another rule joined it were decided by a hold (the others were
 * corroborated). Each is replayed under both holds: an alert that resolves within a hold, before another rule
 * alerts, is not notified (suppressed as transient); otherwise it is notified when the hold ends, or when another
 * rule alerts if that comes first. `spared`: notified under the current hold, not under the new one; `later`:
 * notified under both, later under the new one.
 */
export interface HoldEffect {
  holdS: number;
  alerts: number;
  notifiedAlone: number;
  spared: number;
  sparedInRealIncidents: number;
  later: number;
  delayMedianS: number;
  delayMaxS: number;
}

export function holdEffect(alerts: RuleAlert[], currentS: number, holdS: number): HoldEffect {
  const alone = alerts.filter((alert) => alert.openedIncident && alert.notifiedAt !== null && (alert.otherRuleFirstAt === null || Date.parse(alert.otherRuleFirstAt) > Date.parse(alert.notifiedAt)));
  const spared: RuleAlert[] = [];
  const delays: number[] = [];
  for (const alert of alone) {
    const before = notifiedAtUnder(alert, currentS);
    const after = notifiedAtUnder(alert, holdS);
    if (before === null) continue;
    if (after === null) spared.push(alert);
    else if (after > before) delays.push(Math.round((after - before) / 1000));
  }
  delays.sort((a, b) => a - b);
  return {
    holdS,
    alerts: alerts.length,
    notifiedAlone: alone.length,
    spared: spared.length,
    sparedInRealIncidents: spared.filter(inRealIncident).length,
    later: delays.length,
    delayMedianS: delays.length === 0 ? 0 : (delays[Math.floor((delays.length - 1) / 2)] ?? 0),
    delayMaxS: delays.at(-1) ?? 0,
  };
}

/** When a lone alert would have been notified under a hold (ms), or null if it would have resolved first. */
function notifiedAtUnder(alert: RuleAlert, holdS: number): number | null {
  const holdEnds = Date.parse(alert.firstReceivedAt) + holdS * 1000;
  const otherAt = alert.otherRuleFirstAt === null ? Number.POSITIVE_INFINITY : Date.parse(alert.otherRuleFirstAt);
  const resolvedAt = alert.resolvedAt === null ? Number.POSITIVE_INFINITY : Date.parse(alert.resolvedAt);
  if (resolvedAt <= holdEnds && resolvedAt < otherAt) return null;
  return Math.min(holdEnds, otherAt);
}

/**
 * How long the rule's alerts took to resolve when they resolved on their own (no real incident around them), in
 * seconds, sorted: what a longer hold is sized on.
 */
export function selfResolutionsS(alerts: RuleAlert[]): number[] {
  return alerts
    .filter((alert) => alert.resolvedAt !== null && !inRealIncident(alert))
    .map((alert) => Math.round((Date.parse(alert.resolvedAt ?? '') - Date.parse(alert.firstReceivedAt)) / 1000))
    .sort((a, b) => a - b);
}
