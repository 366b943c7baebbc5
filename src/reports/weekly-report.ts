import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { daysBefore, readReportPeriod, type ReportClock } from './report-clock.js';
import { findRecurrences, type Recurrence, type RecurrenceIncident } from './recurrences.js';

/** The source practice's targets: at most one incident a week, no hotfix, no rollback. */
export const WEEKLY_TARGETS = { incidents: 1, hotfixes: 0, rollbacks: 0 } as const;
export const WEEKLY_REPORT_WEEKS = 8;
/** Recurrences are looked for over this many days before the report time. */
export const RECURRENCE_WINDOW_DAYS = 30;
/** When incidents happen is read over a year, so that monthly patterns show. */
export const TIMING_WINDOW_DAYS = 365;

export interface WeekIndicators {
  /** Monday of the week, YYYY-MM-DD in the report's time zone. */
  week: string;
  startsAt: string;
  endsAt: string;
  incidents: number;
  hotfixes: number;
  rollbacks: number;
  alerts: number;
  /** Mean time to acknowledge / resolve of the week's incidents, in seconds; null when none was. */
  mttaSeconds: number | null;
  mttrSeconds: number | null;
}

export interface ResponseTime {
  meanSeconds: number | null;
  /** How many incidents the mean is over. */
  incidents: number;
}

export interface RuleFalsePositiveRate {
  rule: string;
  falsePositives: number;
  truePositives: number;
  /** falsePositives / (falsePositives + truePositives). */
  rate: number;
}

export interface IncidentTiming {
  from: string;
  incidents: number;
  /** Index 0 = Monday. */
  byWeekday: number[];
  /** Index = local hour. */
  byHour: number[];
  /** Index 0 = the 1st. */
  byDayOfMonth: number[];
  /** Incidents on the first three days of their month, and on its last three days. */
  monthStart: number;
  monthEnd: number;
}

export interface DrillLine {
  id: string;
  title: string;
  status: string;
  severity: string;
  happenedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

/** Everything `firebreak report weekly` shows; the JSON format prints it as it is. */
export interface WeeklyReport {
  kind: 'weekly';
  at: string;
  timeZone: string;
  from: string;
  to: string;
  targets: typeof WEEKLY_TARGETS;
  weeks: WeekIndicators[];
  mtta: ResponseTime;
  mttr: ResponseTime;
  recurrences: { from: string; windowDays: number; items: Recurrence[] };
  falsePositiveRates: RuleFalsePositiveRate[];
  noise: { alertsReceived: number; alertsSuppressed: number; alertsInIncidents: number; incidentsOpened: number };
  timing: IncidentTiming;
  drills: DrillLine[];
}

interface WeekRow {
  week: string;
  starts_at: string;
  ends_at: string;
  incidents: number;
  hotfixes: number;
  rollbacks: number;
  alerts: number;
  acknowledged: number;
  acknowledge_seconds: number;
  resolved: number;
  resolve_seconds: number;
}

/**
 * The weekly indicators of the source practice, over the 8 whole weeks (Monday to Monday in the report's time
 * zone) before the week holding `clock.at`, read from the store. Drills are shown apart and never counted.
 */
export async function buildWeeklyReport(db: Db, clock: ReportClock): Promise<WeeklyReport> {
  const period = await readReportPeriod(db, clock, WEEKLY_REPORT_WEEKS);
  const from = period.weeksStart;
  const to = period.weekStart;
  const recurrenceFrom = daysBefore(clock.at, RECURRENCE_WINDOW_DAYS);
  const timingFrom = daysBefore(clock.at, TIMING_WINDOW_DAYS);
  const [weekRows, recent, rates, noiseRows, times, drills] = await Promise.all([
    db.query<WeekRow>(sql('reports/weekly-indicators'), [clock.at, clock.timeZone, WEEKLY_REPORT_WEEKS]),
    db.query<RecurrenceIncident>(sql('reports/recent-incidents'), [recurrenceFrom, clock.at]),
    db.query<{ rule: string; false_positives: number; true_positives: number }>(sql('reports/rule-false-positive-rates'), [clock.at]),
    db.query<{ alerts_received: number; alerts_suppressed: number; alerts_in_incidents: number; incidents_opened: number }>(
      sql('reports/alert-noise'),
      [from, to],
    ),
    db.query<{ weekday: number; hour: number; day: number; days_in_month: number }>(sql('reports/incident-local-times'), [
      timingFrom,
      clock.at,
      clock.timeZone,
    ]),
    db.query<{ id: string; title: string; status: string; severity: string; happened_at: string; acknowledged_at: string | null; resolved_at: string | null }>(
      sql('reports/drills-between'),
      [from, clock.at],
    ),
  ]);
  const noise = noiseRows[0];
  return {
    kind: 'weekly',
    at: clock.at,
    timeZone: clock.timeZone,
    from,
    to,
    targets: WEEKLY_TARGETS,
    weeks: weekRows.map((row) => ({
      week: row.week,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      incidents: row.incidents,
      hotfixes: row.hotfixes,
      rollbacks: row.rollbacks,
      alerts: row.alerts,
      mttaSeconds: mean(row.acknowledge_seconds, row.acknowledged),
      mttrSeconds: mean(row.resolve_seconds, row.resolved),
    })),
    mtta: overall(weekRows, (row) => [row.acknowledge_seconds, row.acknowledged]),
    mttr: overall(weekRows, (row) => [row.resolve_seconds, row.resolved]),
    recurrences: { from: recurrenceFrom, windowDays: RECURRENCE_WINDOW_DAYS, items: findRecurrences(recent) },
    falsePositiveRates: rates.map((row) => ({
      rule: row.rule,
      falsePositives: row.false_positives,
      truePositives: row.true_positives,
      rate: row.false_positives / (row.false_positives + row.true_positives),
    })),
    noise: {
      alertsReceived: noise?.alerts_received ?? 0,
      alertsSuppressed: noise?.alerts_suppressed ?? 0,
      alertsInIncidents: noise?.alerts_in_incidents ?? 0,
      incidentsOpened: noise?.incidents_opened ?? 0,
    },
    timing: incidentTiming(timingFrom, times),
    drills: drills.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      severity: row.severity,
      happenedAt: row.happened_at,
      acknowledgedAt: row.acknowledged_at,
      resolvedAt: row.resolved_at,
    })),
  };
}

function mean(totalSeconds: number, count: number): number | null {
  return count === 0 ? null : totalSeconds / count;
}

function overall(rows: WeekRow[], pick: (row: WeekRow) => [number, number]): ResponseTime {
  let seconds = 0;
  let incidents = 0;
  for (const row of rows) {
    const [s, n] = pick(row);
    seconds += s;
    incidents += n;
  }
  return { meanSeconds: mean(seconds, incidents), incidents };
}

function incidentTiming(from: string, rows: Array<{ weekday: number; hour: number; day: number; days_in_month: number }>): IncidentTiming {
  const timing: IncidentTiming = {
    from,
    incidents: rows.length,
    byWeekday: new Array<number>(7).fill(0),
    byHour: new Array<number>(24).fill(0),
    byDayOfMonth: new Array<number>(31).fill(0),
    monthStart: 0,
    monthEnd: 0,
  };
  for (const row of rows) {
    timing.byWeekday[row.weekday - 1] = (timing.byWeekday[row.weekday - 1] ?? 0) + 1;
    timing.byHour[row.hour] = (timing.byHour[row.hour] ?? 0) + 1;
    timing.byDayOfMonth[row.day - 1] = (timing.byDayOfMonth[row.day - 1] ?? 0) + 1;
    if (row.day <= 3) timing.monthStart += 1;
    if (row.day > row.days_in_month - 3) timing.monthEnd += 1;
  }
  return timing;
}
