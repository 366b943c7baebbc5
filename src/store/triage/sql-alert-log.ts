import type { ContextWindows } from '../../../agents/ports/alert-context.js';
import type { AlertLog, RecordedDelivery, RuleEpisodeCounts, StoredAlert } from '../../../agents/ports/alert-log.js';
import type { TraceEntry } from '../../../agents/trace.js';
import type { Alert } from '../../domain/alert.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import { toRuleEpisodeCounts, toStoredAlert, type AlertRow, type RuleEpisodeCountsRow } from './rows.js';
import { contextWindowParams, toAlertContext, type ContextRow } from './sql-alert-context.js';

/**
 * When the alert reached Firebreak: the receiver's time, not the worker's (a job may wait in the queue), unless
 * that time is missing or later than now.
 */
function receivedTime(alert: Alert, at: Date): string {
  const received = Date.parse(alert.receivedAt);
  return Number.isFinite(received) && received <= at.getTime() ? new Date(received).toISOString() : at.toISOString();
}

/**
 * PostgreSQL stores no NUL character in text or jsonb: an alert carrying one would fail its insert on every retry.
 * It is replaced by U+FFFD, the replacement character, wherever it appears.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [withoutNul(key), withoutNul(item)])) as T;
  }
  return value;
}

/** What recording a delivery returns: the alert's row, or a redelivery's (alert columns null when it had none). */
type RecordedRow = AlertRow & { redelivery: boolean };

/** The AlertLog port on PostgreSQL or PGlite (the same SQL). */
export class SqlAlertLog implements AlertLog {
  constructor(private readonly db: Db) {}

  async record(received: Alert, deliveryKey: string, at: Date, contextOf?: ContextWindows): Promise<RecordedDelivery> {
    const alert = withoutNul(received);
    // One statement each (check, write, record the delivery; a new episode's context): no transaction's extra round
    // trips per alert.
    if (alert.status === 'firing') {
      const windows = contextOf === undefined ? new Array<null>(9).fill(null) : [...contextWindowParams(contextOf), contextOf.burstLimit, contextOf.transientMaxS, contextOf.ruleLatest];
      const [row] = await this.db.query<RecordedRow & { inserted: boolean } & Partial<ContextRow>>(sql('triage/record-firing'), [
        deliveryKey, alert.source, alert.fingerprint, alert.rule, alert.title, alert.message, alert.service, alert.environment,
        alert.severity, alert.labels, alert.annotations, alert.links, alert.startsAt, receivedTime(alert, at), alert.raw ?? null, at.toISOString(),
        ...windows,
      ]);
      if (row === undefined) throw new Error(`recording delivery ${deliveryKey} returned no row`);
      if (row.redelivery) return { outcome: 'redelivery', alert: row.id === null ? null : toStoredAlert(row) };
      if (!row.inserted) return { outcome: 'repeat', alert: toStoredAlert(row) };
      return contextOf === undefined ? { outcome: 'new', alert: toStoredAlert(row) } : { outcome: 'new', alert: toStoredAlert(row), context: toAlertContext(row as ContextRow) };
    }
    const [row] = await this.db.query<RecordedRow>(sql('triage/record-resolved'), [deliveryKey, alert.source, alert.fingerprint, at.toISOString(), alert.endsAt]);
    if (row === undefined) return { outcome: 'resolved-unknown', alert: null };
    if (row.redelivery) return { outcome: 'redelivery', alert: row.id === null ? null : toStoredAlert(row) };
    return { outcome: 'resolved', alert: toStoredAlert(row) };
  }

  async get(id: number): Promise<StoredAlert | null> {
    return this.getWith(this.db, id);
  }

  private async getWith(db: Db, id: number): Promise<StoredAlert | null> {
    const rows = await db.query<AlertRow>(sql('triage/alert-get'), [id]);
    return rows[0] === undefined ? null : toStoredAlert(rows[0]);
  }

  async suppress(id: number, reason: string, detail: Record<string, unknown>, at: Date, trace: TraceEntry[]): Promise<void> {
    await this.db.execute(sql('triage/alert-suppress'), [id, reason, detail, at.toISOString(), JSON.stringify(trace)]);
  }

  async lift(id: number, reason: string, at: Date, trace: TraceEntry[]): Promise<void> {
    await this.db.execute(sql('triage/alert-lift'), [id, reason, at.toISOString(), JSON.stringify(trace)]);
  }

  async hold(id: number, until: Date, trace: TraceEntry[]): Promise<void> {
    await this.db.execute(sql('triage/alert-hold'), [id, until.toISOString(), JSON.stringify(trace)]);
  }

  async trace(id: number, entries: TraceEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db.execute(sql('triage/alert-trace'), [id, JSON.stringify(entries)]);
  }

  async ruleEpisodeCounts(source: string, rule: string, since: Date, before: Date, now: Date, transientMaxS: number, latest: number): Promise<RuleEpisodeCounts> {
    const [row] = await this.db.query<RuleEpisodeCountsRow>(sql('triage/rule-behaviour'), [source, rule, since.toISOString(), before.toISOString(), now.toISOString(), transientMaxS, latest]);
    if (row === undefined) throw new Error(`counting the episodes of rule ${rule} (${source}) returned no row`);
    return toRuleEpisodeCounts(row);
  }

  async ofIncident(incidentId: string): Promise<StoredAlert[]> {
    const rows = await this.db.query<AlertRow>(sql('triage/alerts-of-incident'), [incidentId]);
    return rows.map(toStoredAlert);
  }
}
