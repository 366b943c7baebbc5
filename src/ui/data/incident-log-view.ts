import type { IncidentStatus, RootCauseCategory, Severity } from '../../domain/incident.js';
import type { IncidentPage, IncidentPatchInput, NewRemediation, RemediationPatch, StoredChangeEvent } from '../../store/incident-log/index.js';

/** The columns the log can be sorted on. */
export const LOG_SORT_KEYS = ['start', 'end', 'duration', 'severity', 'status', 'service', 'id'] as const;
export type LogSortKey = (typeof LOG_SORT_KEYS)[number];

/** One page of the log: every filter optional, paginated in SQL. */
export interface IncidentLogQuery {
  status?: IncidentStatus;
  severity?: Severity;
  service?: string;
  category?: RootCauseCategory;
  lead?: string;
  /** Incidents that started on or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  /** Free text: words of the title, symptom, root cause or service, or a part of the title or id. */
  text?: string;
  sort: LogSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** A row of the log, with the columns the practice keeps. */
export interface IncidentLogRow {
  id: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  service: string | null;
  lead: string | null;
  category: RootCauseCategory | null;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMinutes: number | null;
  symptom: string | null;
  rootCause: string | null;
  countermeasures: string[];
  remediations: { total: number; done: number; late: number };
  drill: boolean;
}

/** A line of the log extract triage kept as evidence. */
export interface LogLine {
  at: string | null;
  source: string | null;
  line: string;
}

/** The incident log's full page, with what the web UI places beside it. */
export interface UiIncidentPage extends IncidentPage {
  /** Changes on the incident's service from a day before it started to its end. */
  changes: StoredChangeEvent[];
  /** The log extract triage gathered (evidence.logs). */
  logs: LogLine[];
  /** The playbook's investigation checklist as triage stored it (evidence.checklist). */
  checklist: string[];
}

/** The five times the practice keeps apart, in the order they happen. */
export const INCIDENT_TIME_FIELDS = ['impactStartedAt', 'detectedAt', 'acknowledgedAt', 'mitigatedAt', 'resolvedAt'] as const;
export type IncidentTimeField = (typeof INCIDENT_TIME_FIELDS)[number];

/** What the incident page may change: root cause, category and the five times. */
export type IncidentEdit = Pick<IncidentPatchInput, 'rootCause' | 'category' | IncidentTimeField>;

/**
 * What the web UI reads from and writes to the incident log. Edits go through the incident log's repository:
 * the same validation and timeline entries as `firebreak incident update`. They throw FirebreakError
 * FB_ERR_BAD_ARGUMENT naming the field, or FB_ERR_NOT_FOUND, and change nothing then.
 */
export interface IncidentLogView {
  list(query: IncidentLogQuery): Promise<{ rows: IncidentLogRow[]; total: number }>;
  /** Distinct services and leads, for the filter lists. */
  facets(): Promise<{ services: string[]; leads: string[] }>;
  get(id: string): Promise<UiIncidentPage | null>;
  update(id: string, edit: IncidentEdit, actor: string): Promise<void>;
  addRemediation(id: string, remediation: NewRemediation, actor: string): Promise<void>;
  /** Changes a remediation of this incident (one of another incident is FB_ERR_NOT_FOUND). */
  updateRemediation(id: string, remediationId: number, patch: RemediationPatch, actor: string): Promise<void>;
}
