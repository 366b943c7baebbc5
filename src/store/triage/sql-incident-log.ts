import type { IncidentDraft, IncidentLog, IncidentTriage, TriageIncident } from '../../../agents/ports/incident-log.js';
import type { TraceEntry } from '../../../agents/trace.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import { toTriageIncident, type IncidentRow } from './rows.js';

const ACTOR = 'firebreak';

/** The IncidentLog port on PostgreSQL or PGlite. Every change also lands in the incident's timeline. */
export class SqlIncidentLog implements IncidentLog {
  constructor(private readonly db: Db) {}

  async active(since: Date): Promise<TriageIncident[]> {
    const rows = await this.db.query<IncidentRow>(sql('triage/incidents-active'), [since.toISOString()]);
    return rows.map(toTriageIncident);
  }

  async get(id: string): Promise<TriageIncident | null> {
    const rows = await this.db.query<IncidentRow>(sql('triage/incident-get'), [id]);
    return rows[0] === undefined ? null : toTriageIncident(rows[0]);
  }

  async open(draft: IncidentDraft, at: Date): Promise<TriageIncident> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<IncidentRow>(sql('triage/incident-insert'), [
        draft.drill ? 'drill' : 'triage', draft.title, draft.service, draft.environment, draft.severity, draft.category,
        draft.symptom, draft.impactStartedAt.toISOString(), draft.detectedAt.toISOString(), draft.entities, draft.drill,
        at.toISOString(),
      ]);
      const row = rows[0];
      if (row === undefined) throw new Error('incident insert returned no row');
      await tx.execute(sql('triage/timeline-insert'), [row.id, at.toISOString(), ACTOR, 'opened', `Incident opened: ${draft.title}`, { severity: draft.severity }]);
      return toTriageIncident(row);
    });
  }

  async attachAlert(incidentId: string, alertId: number, at: Date, summary: string, trace: TraceEntry[]): Promise<void> {
    await this.db.execute(sql('triage/incident-attach-alert'), [alertId, incidentId, at.toISOString(), ACTOR, summary, { alertId }, JSON.stringify(trace)]);
  }

  async saveTriage(incidentId: string, triage: IncidentTriage, at: Date): Promise<void> {
    await this.db.execute(sql('triage/incident-save-triage'), [
      incidentId, triage.severity, triage.category, triage.playbookId, JSON.stringify(triage.playbooks), JSON.stringify(triage.similar),
      triage.evidence, triage.entities, triage.rootCause, at.toISOString(),
    ]);
  }

  async markNotified(incidentId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(sql('triage/incident-mark-notified'), [incidentId, at.toISOString()]);
    if (rows.length > 0) await this.db.execute(sql('triage/timeline-insert'), [incidentId, at.toISOString(), ACTOR, 'notified', 'On-call notified', {}]);
    return rows.length > 0;
  }

  async markEscalated(incidentId: string, at: Date): Promise<boolean> {
    const rows = await this.db.query(sql('triage/incident-mark-escalated'), [incidentId, at.toISOString()]);
    if (rows.length > 0) await this.db.execute(sql('triage/timeline-insert'), [incidentId, at.toISOString(), ACTOR, 'escalated', 'Critical incident escalated', {}]);
    return rows.length > 0;
  }

  async alertResolved(incidentId: string, alertId: number, title: string, at: Date, trace: TraceEntry[]): Promise<void> {
    await this.db.execute(sql('triage/incident-alert-resolved'), [incidentId, at.toISOString(), ACTOR, `Resolved: ${title}`, { alertId }, alertId, JSON.stringify(trace)]);
  }
}
