import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { toSilence, type SilenceRow } from '../store/triage/rows.js';
import { silenceMatches } from './silence-matches.js';
import type { SilenceSpec } from './silence-input.js';

/** A stored silence, as the CLI and `GET /silences` show it. */
export interface StoredSilence {
  id: number;
  matchers: Record<string, string>;
  startsAt: string;
  endsAt: string;
  comment: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** An alert already stored that a silence would have matched. */
export interface SilencedAlert {
  id: number;
  source: string;
  rule: string;
  title: string;
  service: string | null;
  firstReceivedAt: string;
  suppressed: string | null;
  incidentId: string | null;
}

/** What a dry run found: the alerts the silence would have matched, and those of them that were in incidents. */
export interface SilencePreview {
  matchers: Record<string, string>;
  startsAt: string;
  endsAt: string;
  examined: number;
  matched: SilencedAlert[];
  inIncidents: SilencedAlert[];
}

type StoredSilenceRow = SilenceRow & { created_at: string };

function toStoredSilence(row: StoredSilenceRow): StoredSilence {
  return { ...toSilence(row), id: row.id, createdAt: row.created_at };
}

/** Stores a checked silence; the noise filter suppresses matching alerts as `maintenance` from its start. */
export async function addSilence(db: Db, spec: SilenceSpec, now: Date): Promise<StoredSilence> {
  const [row] = await db.query<StoredSilenceRow>(sql('silences/insert'), [JSON.stringify(spec.matchers), spec.startsAt.toISOString(), spec.endsAt.toISOString(), spec.comment, spec.createdBy, now.toISOString()]);
  if (row === undefined) throw new Error('silence insert returned no row');
  return toStoredSilence(row);
}

/** Silences not yet over at `now` (current and planned), or every silence with `all`. */
export async function listSilences(db: Db, now: Date, options: { all?: boolean } = {}): Promise<StoredSilence[]> {
  const rows = await db.query<StoredSilenceRow>(sql('silences/list'), [options.all === true ? null : now.toISOString()]);
  return rows.map(toStoredSilence);
}

/**
 * Tries a silence on the alerts already stored, adding nothing: the alerts first received inside its window whose
 * labels all match (the noise filter's rule), and among them those that belonged to incidents — what the silence
 * would have hidden from a human.
 */
export async function previewSilence(db: Db, spec: SilenceSpec): Promise<SilencePreview> {
  const rows = await db.query<{ id: number; source: string; rule: string; title: string; service: string | null; labels: Record<string, string>; first_received_at: string; suppressed: string | null; incident_id: string | null }>(
    sql('silences/alerts-received-between'),
    [spec.startsAt.toISOString(), spec.endsAt.toISOString()],
  );
  const matched = rows
    .filter((row) => silenceMatches(spec.matchers, row.labels, row.service))
    .map((row): SilencedAlert => ({ id: row.id, source: row.source, rule: row.rule, title: row.title, service: row.service, firstReceivedAt: row.first_received_at, suppressed: row.suppressed, incidentId: row.incident_id }));
  return {
    matchers: spec.matchers,
    startsAt: spec.startsAt.toISOString(),
    endsAt: spec.endsAt.toISOString(),
    examined: rows.length,
    matched,
    inIncidents: matched.filter((alert) => alert.incidentId !== null),
  };
}
