import type { Severity, RootCauseCategory } from '../../src/domain/incident.js';
import type { TraceEntry } from '../trace.js';

/** An incident as triage sees it while grouping alerts into it. */
export interface TriageIncident {
  id: string;
  title: string;
  service: string | null;
  status: 'open' | 'mitigated' | 'resolved' | 'false_positive';
  severity: Severity;
  playbookId: string | null;
  /** Entity tokens of its alerts (services, hosts, workloads): what a new alert must share to join. */
  entities: string[];
  createdAt: string;
  lastAlertAt: string;
  notifiedAt: string | null;
  drill: boolean;
  /** How many alerts it holds. */
  alertCount: number;
}

export interface IncidentDraft {
  title: string;
  service: string | null;
  environment: string | null;
  severity: Severity;
  category: RootCauseCategory | null;
  symptom: string | null;
  impactStartedAt: Date;
  detectedAt: Date;
  entities: string[];
  drill: boolean;
}

/** What the knowledge and reason steps found, stored on the incident. */
export interface IncidentTriage {
  severity: Severity;
  category: RootCauseCategory | null;
  playbookId: string | null;
  playbooks: Array<{ id: string; score: number; why: string[] }>;
  similar: Array<{ id: string; score: number; why: string[] }>;
  evidence: Record<string, unknown>;
  entities: string[];
  rootCause: string | null;
}

/**
 * The incidents triage opens and extends. Implementations must guarantee:
 * - `open` creates exactly one incident per call and records the `opened` timeline entry in the same transaction;
 * - `attachAlert` is idempotent and concurrent-safe (two workers attaching alerts to one incident lose neither);
 * - `markNotified` sets the notification time once: it returns true only to the call that set it;
 * - as for AlertLog, a write that returns nothing may still be under way when it returns, provided what is read
 *   next sees it and its failure fails the decision.
 */
export interface IncidentLog {
  /** Incidents not closed whose last alert arrived at or after `since`. */
  active(since: Date): Promise<TriageIncident[]>;
  get(id: string): Promise<TriageIncident | null>;
  open(draft: IncidentDraft, at: Date): Promise<TriageIncident>;
  /** Attaches the alert, appending `trace` to it; the incident's `alertCount` grows by one unless it was already. */
  attachAlert(incidentId: string, alertId: number, at: Date, summary: string, trace: TraceEntry[]): Promise<void>;
  saveTriage(incidentId: string, triage: IncidentTriage, at: Date): Promise<void>;
  markNotified(incidentId: string, at: Date): Promise<boolean>;
  markEscalated(incidentId: string, at: Date): Promise<boolean>;
  /** An attached alert resolved (`trace` is appended to it); when none of its alerts still fires, the incident is marked mitigated. */
  alertResolved(incidentId: string, alertId: number, title: string, at: Date, trace: TraceEntry[]): Promise<void>;
}
