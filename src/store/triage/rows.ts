import type { StoredAlert, AlertEpisode, RuleEpisodeCounts } from '../../../agents/ports/alert-log.js';
import type { TriageIncident } from '../../../agents/ports/incident-log.js';
import type { StoredChange } from '../../../agents/ports/change-log.js';
import type { RuleOverrides, RuleVerdicts } from '../../../agents/ports/verdict-log.js';
import type { Severity } from '../../domain/incident.js';
import type { Silence } from '../../domain/silence.js';

/** Row shapes of the triage tables, and their mapping to the ports' types. */
export interface AlertRow {
  id: number;
  source: string;
  fingerprint: string;
  rule: string;
  status: 'firing' | 'resolved';
  title: string;
  message: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  labels: Record<string, string>;
  starts_at: string;
  first_received_at: string;
  last_received_at: string;
  resolved_at: string | null;
  repeats: number;
  incident_id: string | null;
  suppressed: string | null;
  held_until: string | null;
}

export function toStoredAlert(row: AlertRow): StoredAlert {
  return {
    id: row.id,
    source: row.source,
    fingerprint: row.fingerprint,
    rule: row.rule,
    status: row.status,
    title: row.title,
    message: row.message,
    service: row.service,
    environment: row.environment,
    severity: row.severity,
    labels: row.labels,
    startsAt: row.starts_at,
    firstReceivedAt: row.first_received_at,
    lastReceivedAt: row.last_received_at,
    resolvedAt: row.resolved_at,
    repeats: row.repeats,
    incidentId: row.incident_id,
    suppressed: row.suppressed,
    heldUntil: row.held_until,
  };
}

/** What rule_behaviour (migration 045) counts. */
export interface RuleEpisodeCountsRow {
  decided: number;
  resolved_quickly: number;
  slowest_quick_s: number | null;
}

export function toRuleEpisodeCounts(row: RuleEpisodeCountsRow): RuleEpisodeCounts {
  return { decided: row.decided, resolvedQuickly: row.resolved_quickly, slowestQuickS: row.slowest_quick_s };
}

export function toEpisode(row: { id: number; fingerprint: string; service: string | null; first_received_at: string; resolved_at: string | null }): AlertEpisode {
  return { id: row.id, fingerprint: row.fingerprint, service: row.service, firstReceivedAt: row.first_received_at, resolvedAt: row.resolved_at };
}

export interface IncidentRow {
  id: string;
  title: string;
  service: string | null;
  status: TriageIncident['status'];
  severity: Severity;
  playbook_id: string | null;
  entities: string[];
  created_at: string;
  last_alert_at: string | null;
  notified_at: string | null;
  drill: boolean;
  alert_count: number;
}

export function toTriageIncident(row: IncidentRow): TriageIncident {
  return {
    id: row.id,
    title: row.title,
    service: row.service,
    status: row.status,
    severity: row.severity,
    playbookId: row.playbook_id,
    entities: row.entities,
    createdAt: row.created_at,
    lastAlertAt: row.last_alert_at ?? row.created_at,
    notifiedAt: row.notified_at,
    drill: row.drill,
    alertCount: row.alert_count,
  };
}

/** A change_events row: its columns are the fields' names (and more, which the mapping leaves out). */
export type ChangeRow = StoredChange;

export function toStoredChange(row: ChangeRow): StoredChange {
  return { id: row.id, service: row.service, kind: row.kind, version: row.version, environment: row.environment, at: row.at, author: row.author, description: row.description, url: row.url };
}

export interface SilenceRow {
  id: number;
  matchers: Record<string, string>;
  starts_at: string;
  ends_at: string;
  comment: string | null;
  created_by: string | null;
}

export function toSilence(row: SilenceRow): Silence {
  return { id: row.id, matchers: row.matchers, startsAt: row.starts_at, endsAt: row.ends_at, comment: row.comment, createdBy: row.created_by };
}

export interface VerdictCountRow {
  false_positives: number;
  true_positives: number;
}

/** Verdicts recorded on a rule plus the past incidents naming it, which count as verdicts too. */
export function toRuleVerdicts(recorded: VerdictCountRow, past: VerdictCountRow): RuleVerdicts {
  const pastIncidents = { falsePositives: past.false_positives, truePositives: past.true_positives };
  return { falsePositives: recorded.false_positives + pastIncidents.falsePositives, truePositives: recorded.true_positives + pastIncidents.truePositives, pastIncidents };
}

export interface OverrideRow {
  kind: 'known-noisy' | 'hold';
  hold_s: number | null;
  reason: string;
  created_by: string | null;
  created_at: string;
}

/** The latest override of each kind (rows come one per kind). */
export function toRuleOverrides(rows: readonly OverrideRow[]): RuleOverrides {
  const overrides: RuleOverrides = { knownNoisy: null, hold: null };
  for (const row of rows) {
    const override = { by: row.created_by, at: row.created_at, reason: row.reason };
    if (row.kind === 'known-noisy') overrides.knownNoisy = override;
    else if (row.hold_s !== null) overrides.hold = { ...override, holdS: row.hold_s };
  }
  return overrides;
}
