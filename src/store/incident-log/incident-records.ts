import type { IncidentOrigin, IncidentStatus, RootCauseCategory, Severity } from '../../domain/incident.js';
import type { VerdictValue } from '../../domain/verdict.js';

/**
 * What the incident log returns: plain JSON-ready objects (ISO-8601 strings for times, `YYYY-MM-DD` for due
 * dates), the same from PostgreSQL and PGlite. The CLI prints them, the Slack and web UI render them.
 */
export interface IncidentSummary {
  id: string;
  origin: IncidentOrigin;
  title: string;
  service: string | null;
  environment: string | null;
  status: IncidentStatus;
  severity: Severity;
  lead: string | null;
  category: RootCauseCategory | null;
  impactStartedAt: string | null;
  detectedAt: string | null;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  playbookId: string | null;
  tags: string[];
  drill: boolean;
  hotfix: boolean;
  rollback: boolean;
  createdAt: string;
  updatedAt: string;
  alertCount: number;
}

export interface IncidentRecord extends Omit<IncidentSummary, 'alertCount'> {
  declaredBy: string | null;
  symptom: string | null;
  impact: string | null;
  rootCause: string | null;
  notifiedAt: string | null;
  escalatedAt: string | null;
  /** Ranked playbook matches as triage stored them: [{id, score, why}]. */
  playbooks: unknown[];
  evidence: Record<string, unknown>;
}

export interface TimelineEntry {
  id: number;
  at: string;
  actor: string;
  kind: string;
  summary: string;
  detail: Record<string, unknown>;
}

export interface LinkedAlert {
  id: number;
  source: string;
  fingerprint: string;
  rule: string;
  status: 'firing' | 'resolved';
  title: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  startsAt: string;
  endsAt: string | null;
  firstReceivedAt: string;
  lastReceivedAt: string;
  repeats: number;
  suppressed: string | null;
  links: Record<string, string>;
}

export interface Countermeasure {
  id: number;
  at: string;
  action: string;
  /** null while nobody knows yet. */
  worked: boolean | null;
  by: string | null;
  actionRunId: string | null;
}

export const REMEDIATION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export interface Remediation {
  id: number;
  incidentId: string;
  title: string;
  owner: string | null;
  /** `YYYY-MM-DD`. */
  due: string | null;
  status: RemediationStatus;
  verified: boolean;
  verifiedBy: string | null;
  verifiedAt: string | null;
  doneAt: string | null;
  doneBy: string | null;
  createdAt: string;
}

export interface ActionRunSummary {
  id: string;
  playbookId: string;
  actionId: string;
  title: string;
  kind: string;
  risk: string;
  status: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  result: string | null;
}

export interface SimilarIncident {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  service: string | null;
  category: RootCauseCategory | null;
  rootCause: string | null;
  startedAt: string;
  score: number | null;
  why: string | null;
  /** `triage` when the triage pipeline chose it, `text` when the log found it by wording for this page. */
  foundBy: 'triage' | 'text';
}

/** Everything `firebreak incident show` and the web UI's incident page show. */
export interface IncidentPage {
  incident: IncidentRecord;
  timeline: TimelineEntry[];
  alerts: LinkedAlert[];
  countermeasures: Countermeasure[];
  remediations: Remediation[];
  actionRuns: ActionRunSummary[];
  similar: SimilarIncident[];
}

export interface VerdictRecord {
  id: number;
  rule: string;
  alertId: number | null;
  verdict: VerdictValue;
  by: string | null;
  at: string;
  /** false when the same verdict was already recorded (nothing changed). */
  changed: boolean;
}
