import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import type { HistoryIncident } from './history-row.js';

export interface BatchResult {
  imported: string[];
  updated: string[];
  unchanged: number;
  /** Ids that belong to incidents Firebreak opened itself: an import never overwrites those. */
  foreign: string[];
}

/**
 * Writes one batch of history incidents in one transaction with a handful of set-based statements (an upsert
 * keyed by id that skips unchanged digests, then the children of the rows that did change). Concurrent imports
 * of the same file meet in `ON CONFLICT` and the second finds nothing to change.
 */
export async function writeHistoryBatch(db: Db, batch: HistoryIncident[], actor: string, now: Date): Promise<BatchResult> {
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    // Rows whose digest is already stored are skipped before the upsert, so a re-import writes (and computes
    // search vectors for) nothing; the upsert's own digest check still covers a concurrent import.
    const known = await tx.query<{ id: string; origin: string; import_digest: string | null }>(sql('incident-log/import-known-digests'), [batch.map((incident) => incident.id)]);
    const foreign = new Set(known.filter((row) => row.origin !== 'imported').map((row) => row.id));
    const same = new Set(known.filter((row) => row.origin === 'imported').map((row) => `${row.id}\n${row.import_digest ?? ''}`));
    const writable = batch.filter((incident) => !foreign.has(incident.id) && !same.has(`${incident.id}\n${incident.digest}`));
    const skipped = batch.length - foreign.size - writable.length;
    if (writable.length === 0) return { imported: [], updated: [], unchanged: skipped, foreign: [...foreign] };
    const rows = await tx.query<{ id: string; inserted: boolean }>(sql('incident-log/import-upsert-incidents'), [
      JSON.stringify(
        writable.map((incident) => ({
          id: incident.id,
          title: incident.title,
          service: incident.service,
          severity: incident.severity,
          status: incident.status,
          impact_started_at: incident.impactStartedAt,
          detected_at: incident.detectedAt,
          resolved_at: incident.resolvedAt,
          symptom: incident.symptom,
          impact: incident.impact,
          root_cause: incident.rootCause,
          category: incident.category,
          playbook: incident.playbook,
          tags: incident.tags,
          digest: incident.digest,
        })),
      ),
      at,
    ]);
    const imported = rows.filter((row) => row.inserted).map((row) => row.id);
    const updated = rows.filter((row) => !row.inserted).map((row) => row.id);
    if (updated.length > 0) {
      await tx.query(sql('incident-log/import-delete-countermeasures'), [updated]);
      await tx.query(sql('incident-log/import-delete-remediations'), [updated]);
    }
    const written = new Set([...imported, ...updated]);
    const changed = writable.filter((incident) => written.has(incident.id));
    const countermeasures = changed.flatMap((incident) => incident.countermeasures.map((c) => ({ incident_id: incident.id, at: c.at, action: c.action, worked: c.worked })));
    const remediations = changed.flatMap((incident) => incident.remediations.map((r) => ({ incident_id: incident.id, title: r.title, owner: r.owner, due: r.due, status: r.status })));
    if (countermeasures.length > 0) await tx.query(sql('incident-log/import-insert-countermeasures'), [JSON.stringify(countermeasures)]);
    if (remediations.length > 0) await tx.query(sql('incident-log/import-insert-remediations'), [JSON.stringify(remediations), at]);
    if (changed.length > 0) {
      const importedSet = new Set(imported);
      const entries = changed.map((incident) => ({
        incident_id: incident.id,
        at,
        actor,
        kind: 'imported',
        summary: importedSet.has(incident.id) ? 'imported from the incident history' : 'updated from a new import of the incident history',
        detail: { digest: incident.digest },
      }));
      await tx.query(sql('incident-log/insert-timeline-entries'), [JSON.stringify(entries)]);
    }
    return { imported, updated, unchanged: skipped + writable.length - rows.length, foreign: [...foreign] };
  });
}
