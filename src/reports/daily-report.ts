import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { daysBefore, readReportPeriod, type ReportClock } from './report-clock.js';

export interface DueRemediation {
  id: number;
  title: string;
  owner: string | null;
  due: string;
  /** 0 = due today; more = late by that many days. */
  daysLate: number;
  status: string;
  incidentId: string;
  incidentTitle: string;
  drill: boolean;
}

export interface IncidentSince {
  id: string;
  title: string;
  severity: string;
  status: string;
  service: string | null;
  lead: string | null;
  drill: boolean;
  happenedAt: string;
  notifiedAt: string | null;
  escalatedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export interface FalsePositiveToReview {
  rule: string;
  /** False-positive verdicts given since the last review. */
  newFalsePositives: number;
  by: string | null;
  /** Over every verdict on the rule so far. */
  falsePositives: number;
  verdicts: number;
}

export interface FalsePositiveIncident {
  id: string;
  title: string;
  service: string | null;
  closedAt: string;
  drill: boolean;
  rules: string | null;
}

export interface PlannedChange {
  service: string;
  kind: string;
  version: string | null;
  environment: string | null;
  at: string;
  author: string | null;
  description: string | null;
}

export interface PlannedSilence {
  id: number;
  matchers: Record<string, string>;
  startsAt: string;
  endsAt: string;
  comment: string | null;
  createdBy: string | null;
}

/** Everything `firebreak report daily` shows; the JSON format prints it as it is. */
export interface DailyReport {
  kind: 'daily';
  at: string;
  timeZone: string;
  /** The report's local date, and the window "since yesterday's review": the 24 hours before `at`. */
  day: string;
  since: string;
  remediations: DueRemediation[];
  incidents: IncidentSince[];
  falsePositives: { rules: FalsePositiveToReview[]; incidents: FalsePositiveIncident[] };
  today: { from: string; to: string; changes: PlannedChange[]; silences: PlannedSilence[] };
}

/**
 * The 20-minute daily review of the source practice: remediations due or late with their owner, what happened
 * and who was paged since yesterday's review (the 24 hours before `clock.at`), the false positives to look at
 * again, and the changes and silences planned for the report's day. Drills are listed, flagged.
 */
export async function buildDailyReport(db: Db, clock: ReportClock): Promise<DailyReport> {
  const period = await readReportPeriod(db, clock, 0);
  const since = daysBefore(clock.at, 1);
  const [remediations, incidents, fpRules, fpIncidents, changes, silences] = await Promise.all([
    db.query<{ id: number; title: string; owner: string | null; due: string; days_late: number; status: string; incident_id: string; incident_title: string; drill: boolean }>(
      sql('reports/remediations-due'),
      [period.day],
    ),
    db.query<{ id: string; title: string; severity: string; status: string; service: string | null; lead: string | null; drill: boolean; happened_at: string; notified_at: string | null; escalated_at: string | null; acknowledged_at: string | null; resolved_at: string | null }>(
      sql('reports/incidents-since'),
      [since, clock.at],
    ),
    db.query<{ rule: string; new_false_positives: number; by: string | null; false_positives: number; verdicts: number }>(
      sql('reports/false-positive-verdicts-between'),
      [since, clock.at],
    ),
    db.query<{ id: string; title: string; service: string | null; closed_at: string; drill: boolean; rules: string | null }>(
      sql('reports/incidents-closed-false-positive'),
      [since, clock.at],
    ),
    db.query<{ service: string; kind: string; version: string | null; environment: string | null; at: string; author: string | null; description: string | null }>(
      sql('reports/changes-between'),
      [period.dayStart, period.dayEnd],
    ),
    db.query<{ id: number; matchers: Record<string, string>; starts_at: string; ends_at: string; comment: string | null; created_by: string | null }>(
      sql('reports/silences-between'),
      [period.dayStart, period.dayEnd],
    ),
  ]);
  return {
    kind: 'daily',
    at: clock.at,
    timeZone: clock.timeZone,
    day: period.day,
    since,
    remediations: remediations.map((row) => ({
      id: row.id,
      title: row.title,
      owner: row.owner,
      due: row.due,
      daysLate: row.days_late,
      status: row.status,
      incidentId: row.incident_id,
      incidentTitle: row.incident_title,
      drill: row.drill,
    })),
    incidents: incidents.map((row) => ({
      id: row.id,
      title: row.title,
      severity: row.severity,
      status: row.status,
      service: row.service,
      lead: row.lead,
      drill: row.drill,
      happenedAt: row.happened_at,
      notifiedAt: row.notified_at,
      escalatedAt: row.escalated_at,
      acknowledgedAt: row.acknowledged_at,
      resolvedAt: row.resolved_at,
    })),
    falsePositives: {
      rules: fpRules.map((row) => ({
        rule: row.rule,
        newFalsePositives: row.new_false_positives,
        by: row.by,
        falsePositives: row.false_positives,
        verdicts: row.verdicts,
      })),
      incidents: fpIncidents.map((row) => ({ id: row.id, title: row.title, service: row.service, closedAt: row.closed_at, drill: row.drill, rules: row.rules })),
    },
    today: {
      from: period.dayStart,
      to: period.dayEnd,
      changes: changes.map((row) => ({
        service: row.service,
        kind: row.kind,
        version: row.version,
        environment: row.environment,
        at: row.at,
        author: row.author,
        description: row.description,
      })),
      silences: silences.map((row) => ({
        id: row.id,
        matchers: row.matchers,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        comment: row.comment,
        createdBy: row.created_by,
      })),
    },
  };
}
