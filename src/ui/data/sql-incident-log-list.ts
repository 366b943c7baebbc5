import type { IncidentStatus, RootCauseCategory, Severity } from '../../domain/incident.js';
import type { Db } from '../../store/db.js';
import { sql } from '../../store/sql-file.js';
import type { IncidentLogQuery, IncidentLogRow } from './incident-log-view.js';

type Row = Record<string, unknown>;

/**
 * The log as a table for the web UI: filtered, sorted and paginated in SQL, so that a page of 50 rows costs
 * the same on a log of ten thousand incidents. The incident log's `listIncidents` returns every match with no
 * sort or offset (what the CLI and reports need); a page needs both, hence its own statement.
 */
export function createSqlIncidentLogList(db: Db) {
  return {
    async list(query: IncidentLogQuery): Promise<{ rows: IncidentLogRow[]; total: number }> {
      const text = query.text?.trim() || null;
      const rows = await db.query<Row>(sql('ui/incident-log-page'), [
        query.status ?? null,
        query.severity ?? null,
        query.service ?? null,
        query.category ?? null,
        query.lead ?? null,
        query.from ?? null,
        query.to ?? null,
        text,
        text === null ? null : `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        query.sort,
        query.direction,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ]);
      const total = rows.length > 0 ? Number(rows[0]?.total) : 0;
      return { rows: rows.map(toLogRow), total };
    },

    async facets(): Promise<{ services: string[]; leads: string[] }> {
      const rows = await db.query<{ facet: string; value: string }>(sql('ui/incident-facets'));
      return {
        services: rows.filter((row) => row.facet === 'service').map((row) => row.value),
        leads: rows.filter((row) => row.facet === 'lead').map((row) => row.value),
      };
    },
  };
}

function toLogRow(row: Row): IncidentLogRow {
  const duration = row.duration_minutes === null || row.duration_minutes === undefined ? null : Number(row.duration_minutes);
  return {
    id: String(row.id),
    title: String(row.title),
    status: row.status as IncidentStatus,
    severity: row.severity as Severity,
    service: text(row.service),
    lead: text(row.lead),
    category: (text(row.category) as RootCauseCategory | null) ?? null,
    startedAt: date(row.started_at),
    endedAt: date(row.ended_at),
    durationMinutes: duration !== null && Number.isFinite(duration) ? duration : null,
    symptom: text(row.symptom),
    rootCause: text(row.root_cause),
    countermeasures: Array.isArray(row.countermeasures) ? row.countermeasures.map(String) : [],
    remediations: { total: Number(row.remediations_total ?? 0), done: Number(row.remediations_done ?? 0), late: Number(row.remediations_late ?? 0) },
    drill: row.drill === true,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' || typeof value === 'number') {
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed;
  }
  return null;
}
