import { FirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';

/** When a report is taken and in which time zone its weeks, days and hours are counted. */
export interface ReportClock {
  /** ISO-8601 report time. */
  at: string;
  /** IANA time zone name (`UTC`, `Europe/Paris`). */
  timeZone: string;
}

/** The boundaries of a report's weeks and day, computed by PostgreSQL in the report's time zone. */
export interface ReportPeriod {
  /** Start of the week (Monday 00:00) that holds the report time. */
  weekStart: string;
  /** Start of the first of the `weeks` whole weeks before it. */
  weeksStart: string;
  dayStart: string;
  dayEnd: string;
  /** The report time's local date, YYYY-MM-DD. */
  day: string;
}

/**
 * Reads `--at` and `--tz`: an ISO date or date-time (a bare date means its start, in UTC), default now; a time
 * zone Intl knows, default UTC. Bad values are FB_ERR_BAD_ARGUMENT naming the option.
 */
export function parseReportClock(options: { at?: string; tz?: string }, now: () => Date = () => new Date()): ReportClock {
  const timeZone = options.tz ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--tz: unknown time zone "${timeZone}" (expected an IANA name such as Europe/Paris)`);
  }
  if (options.at === undefined) return { at: now().toISOString(), timeZone };
  const text = /^\d{4}-\d{2}-\d{2}$/.test(options.at) ? `${options.at}T00:00:00Z` : options.at;
  const at = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(options.at) || Number.isNaN(at.getTime())) {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--at: "${options.at}" is not a date (expected YYYY-MM-DD or an ISO-8601 date-time)`);
  }
  return { at: at.toISOString(), timeZone };
}

export async function readReportPeriod(db: Db, clock: ReportClock, weeks: number): Promise<ReportPeriod> {
  const [row] = await db.query<{ week_start: string; weeks_start: string; day_start: string; day_end: string; day: string }>(
    sql('reports/report-period'),
    [clock.at, clock.timeZone, weeks],
  );
  if (row === undefined) throw new FirebreakError('FB_ERR_INTERNAL', 'report period query returned no row');
  return { weekStart: row.week_start, weeksStart: row.weeks_start, dayStart: row.day_start, dayEnd: row.day_end, day: row.day };
}

/** `at` minus `days` days, ISO. */
export function daysBefore(at: string, days: number): string {
  return new Date(new Date(at).getTime() - days * 86_400_000).toISOString();
}
