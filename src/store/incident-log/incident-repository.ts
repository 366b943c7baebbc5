import type { Clock } from '../../../agents/ports/clock.js';
import type { VerdictValue } from '../../domain/verdict.js';
import type { Db } from '../db.js';
import { listChangeEvents, recordChangeEvent, type StoredChangeEvent } from './change-events.js';
import { addCountermeasure, setCountermeasureWorked, type NewCountermeasure } from './countermeasures.js';
import { getIncident, getIncidentPage, listIncidents, listOpenRemediations, type IncidentFilter } from './incident-queries.js';
import type { Countermeasure, IncidentPage, IncidentRecord, IncidentSummary, Remediation, VerdictRecord } from './incident-records.js';
import { addTimelineEntries, createIncident, updateIncident, type FieldChange, type NewIncident } from './incident-updates.js';
import { addRemediation, updateRemediation, type NewRemediation, type RemediationPatch } from './remediations.js';
import type { NewTimelineEntry } from './timeline-entry.js';
import { recordVerdict, type VerdictTarget } from './verdicts.js';

const WALL_CLOCK: Clock = { now: () => new Date() };

/**
 * The incident log as the CLI, Slack, the web UI and reports use it. Every write runs in one transaction,
 * locks what it reads before it changes it, and lands in the incident's timeline with who and when; times come
 * from the clock given (the wall clock by default, a virtual one in `firebreak eval` and in tests).
 *
 * Errors: an unknown incident, alert or remediation is FB_ERR_NOT_FOUND; an invalid value is FB_ERR_BAD_ARGUMENT
 * whose message starts with the field (`severity: ...`); on either nothing is written.
 *
 * To group several writes atomically (the CLI's `incident update` with a countermeasure), build one on a
 * transaction: `db.transaction((tx) => new IncidentRepository(tx, clock).updateIncident(...))`.
 *
 * @example
 * const log = new IncidentRepository(db);
 * await log.updateIncident('INC-0042', { severity: 'critical', lead: 'ana' }, 'ana');
 * const page = await log.getIncidentPage('INC-0042');
 */
export class IncidentRepository {
  constructor(
    readonly db: Db,
    readonly clock: Clock = WALL_CLOCK,
  ) {}

  /** The log, newest first; no implicit limit. See `IncidentFilter`. */
  listIncidents(filter: IncidentFilter = {}): Promise<IncidentSummary[]> {
    return listIncidents(this.db, filter);
  }

  getIncident(id: string): Promise<IncidentRecord | null> {
    return getIncident(this.db, id);
  }

  /** Incident + timeline + linked alerts + countermeasures + remediations + action runs + similar incidents. */
  getIncidentPage(id: string): Promise<IncidentPage> {
    return getIncidentPage(this.db, id);
  }

  /** Opens a declared (or drill) incident with the next `INC-0001` id; returns the id. */
  createIncident(incident: NewIncident, actor: string): Promise<string> {
    return createIncident(this.db, incident, actor, this.clock.now());
  }

  /** Validates and applies a patch; each changed field becomes a timeline entry. Returns what changed. */
  updateIncident(id: string, patch: unknown, actor: string): Promise<FieldChange[]> {
    return updateIncident(this.db, id, patch, actor, this.clock.now());
  }

  addTimelineEntries(entries: NewTimelineEntry[]): Promise<void> {
    return addTimelineEntries(this.db, entries);
  }

  addCountermeasure(incidentId: string, countermeasure: NewCountermeasure, actor: string): Promise<Countermeasure> {
    return addCountermeasure(this.db, incidentId, countermeasure, actor, this.clock.now());
  }

  setCountermeasureWorked(countermeasureId: number, worked: boolean, actor: string): Promise<Countermeasure> {
    return setCountermeasureWorked(this.db, countermeasureId, worked, actor, this.clock.now());
  }

  addRemediation(incidentId: string, remediation: NewRemediation, actor: string): Promise<Remediation> {
    return addRemediation(this.db, incidentId, remediation, actor, this.clock.now());
  }

  /** Change a remediation; `{ status: 'done' }` completes it, `{ verified: true }` verifies (and completes) it. */
  updateRemediation(remediationId: number, patch: RemediationPatch, actor: string): Promise<Remediation> {
    return updateRemediation(this.db, remediationId, patch, actor, this.clock.now());
  }

  completeRemediation(remediationId: number, actor: string): Promise<Remediation> {
    return this.updateRemediation(remediationId, { status: 'done' }, actor);
  }

  verifyRemediation(remediationId: number, actor: string): Promise<Remediation> {
    return this.updateRemediation(remediationId, { verified: true }, actor);
  }

  /** Remediations still to do, soonest due first (the daily review); `dueBy` keeps those due by that day. */
  listOpenRemediations(dueBy: string | null = null): Promise<Remediation[]> {
    return listOpenRemediations(this.db, dueBy);
  }

  /** A human's verdict on an alert (`{ alertId }`) or a rule (`{ rule }`). */
  recordVerdict(target: VerdictTarget, verdict: VerdictValue, by: string | null): Promise<VerdictRecord> {
    return recordVerdict(this.db, target, verdict, by, this.clock.now());
  }

  /** A deploy / hotfix / rollback / config change; a redelivery returns `created: false`. */
  recordChangeEvent(event: unknown): Promise<{ id: number; created: boolean }> {
    return recordChangeEvent(this.db, event, this.clock.now());
  }

  listChangeEvents(from: Date, to: Date, service: string | null = null): Promise<StoredChangeEvent[]> {
    return listChangeEvents(this.db, from, to, service);
  }
}
