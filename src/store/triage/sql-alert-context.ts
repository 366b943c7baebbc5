import type { AlertContext, AlertContextQuery, AlertContextReader, BurstGroup, ContextWindows } from '../../../agents/ports/alert-context.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import {
  toEpisode,
  toRuleEpisodeCounts,
  toRuleOverrides,
  toRuleVerdicts,
  toSilence,
  toStoredAlert,
  toStoredChange,
  toTriageIncident,
  type AlertRow,
  type ChangeRow,
  type IncidentRow,
  type OverrideRow,
  type RuleEpisodeCountsRow,
  type SilenceRow,
  type VerdictCountRow,
} from './rows.js';

type EpisodeRow = Parameters<typeof toEpisode>[0];

/** The columns of alert_context (migration 046), as triage/alert-context and triage/record-firing return them. */
export interface ContextRow {
  incidents: IncidentRow[];
  undecided: AlertRow[];
  burst: Array<{ service: string | null; incident_id: string | null; alerts: number }>;
  changes: ChangeRow[];
  silences: SilenceRow[];
  fingerprint_episodes: EpisodeRow[];
  service_rule_episodes: EpisodeRow[];
  rule_behaviour: RuleEpisodeCountsRow;
  verdicts: VerdictCountRow;
  past_incidents: VerdictCountRow;
  overrides: OverrideRow[];
}

/**
 * PostgreSQL writes a timestamptz inside JSON as `2026-01-05T09:00:00.123+00:00`; columns come back as
 * `toISOString()` (see the Db adapters), and triage compares and prints them as such, so the JSON's are made alike.
 */
function isoTimes<Row extends object>(row: Row, fields: ReadonlyArray<keyof Row>): Row {
  const copy = { ...row };
  for (const field of fields) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = isoTime(value) as Row[keyof Row];
  }
  return copy;
}

const UTC_JSON_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?\+00:00$/;

/**
 * `new Date(value).toISOString()`, without a Date for a time written in UTC (the store's sessions are): a rule's
 * episodes come with every alert, and parsing and formatting their times took a second of a 10,000-alert storm.
 * Like Date, it keeps milliseconds and drops finer digits.
 */
export function isoTime(value: string): string {
  const utc = UTC_JSON_TIME.exec(value);
  if (utc === null) return new Date(value).toISOString();
  return `${utc[1]}.${`${utc[2] ?? ''}000`.slice(0, 3)}Z`;
}

const ALERT_TIMES = ['starts_at', 'first_received_at', 'last_received_at', 'resolved_at', 'held_until'] as const;
const EPISODE_TIMES = ['first_received_at', 'resolved_at'] as const;

/** A context as alert_context returns it, in the port's terms. */
export function toAlertContext(row: ContextRow): AlertContext {
  const burst: BurstGroup[] = row.burst.map((group) => ({ service: group.service, incidentId: group.incident_id, alerts: group.alerts }));
  return {
    incidents: row.incidents.map((incident) => toTriageIncident(isoTimes(incident, ['created_at', 'last_alert_at', 'notified_at']))),
    undecided: row.undecided.map((undecided) => toStoredAlert(isoTimes(undecided, ALERT_TIMES))),
    burst,
    changes: row.changes.map((change) => toStoredChange(isoTimes(change, ['at']))),
    silences: row.silences.map((silence) => toSilence(isoTimes(silence, ['starts_at', 'ends_at']))),
    fingerprintEpisodes: row.fingerprint_episodes.map((episode) => toEpisode(isoTimes(episode, EPISODE_TIMES))),
    serviceRuleEpisodes: row.service_rule_episodes.map((episode) => toEpisode(isoTimes(episode, EPISODE_TIMES))),
    ruleEpisodeCounts: toRuleEpisodeCounts(row.rule_behaviour),
    verdicts: toRuleVerdicts(row.verdicts, row.past_incidents),
    overrides: toRuleOverrides(row.overrides.map((override) => isoTimes(override, ['created_at']))),
  };
}

/** The windows as the statements reading alert_context take them, in alert_context's order. */
export function contextWindowParams(windows: ContextWindows): unknown[] {
  return [
    windows.incidentsSince.toISOString(), windows.undecidedSince.toISOString(), windows.burstSince.toISOString(),
    windows.changesFrom.toISOString(), windows.fingerprintSince.toISOString(), windows.ruleSince.toISOString(),
  ];
}

/** The AlertContextReader port on PostgreSQL or PGlite: one statement (`triage/alert-context`). */
export class SqlAlertContext implements AlertContextReader {
  constructor(private readonly db: Db) {}

  async read(query: AlertContextQuery): Promise<AlertContext> {
    const { alert } = query;
    const [row] = await this.db.query<ContextRow>(sql('triage/alert-context'), [
      alert.id, alert.source, alert.fingerprint, alert.rule, query.now.toISOString(), ...contextWindowParams(query),
      alert.firstReceivedAt, query.burstLimit, query.transientMaxS, alert.service, query.ruleLatest,
    ]);
    if (row === undefined) throw new Error(`reading the context of alert ${alert.id} returned no row`);
    return toAlertContext(row);
  }
}
