import { findRuns, type ActionRun } from '../actions/action-run.js';
import type { IncidentStatus, Severity } from '../domain/incident.js';
import type { CommunicationTemplate } from '../domain/playbook.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { templateOf } from './communication.js';

/** Everything the incident message shows, read from the store when the message is rendered (so it is current). */
export interface IncidentView {
  id: string;
  origin: string;
  title: string;
  service: string | null;
  environment: string | null;
  status: IncidentStatus;
  severity: Severity;
  lead: string | null;
  declaredBy: string | null;
  symptom: string | null;
  impact: string | null;
  rootCause: string | null;
  category: string | null;
  impactStartedAt: string | null;
  detectedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  firstAlertAt: string | null;
  alerts: { total: number; firing: number };
  changes: Array<{ kind: string; version: string | null; at: string; author: string | null; description: string | null; url: string | null }>;
  suspectChange: string | null;
  logLines: string[];
  playbook: { id: string; why: string | null } | null;
  checklist: string[];
  /** The playbook's communication template, when the triage recorded one. */
  communication: CommunicationTemplate | null;
  similar: Array<{ id: string; title: string; rootCause: string | null; why: string | null }>;
  runs: ActionRun[];
}

interface IncidentRow {
  id: string;
  origin: string;
  title: string;
  service: string | null;
  environment: string | null;
  status: IncidentStatus;
  severity: Severity;
  lead: string | null;
  declared_by: string | null;
  symptom: string | null;
  impact: string | null;
  root_cause: string | null;
  category: string | null;
  impact_started_at: string | null;
  detected_at: string | null;
  acknowledged_at: string | null;
  resolved_at: string | null;
  created_at: string;
  playbook_id: string | null;
  playbooks: unknown;
  similar_incidents: unknown;
  evidence: unknown;
}

const CHANGES_LOOKBACK_MS = 24 * 3_600_000;

/** Reads an incident's view; null when there is no such incident. */
export async function loadIncidentView(db: Db, incidentId: string): Promise<IncidentView | null> {
  const [row] = await db.query<IncidentRow>(sql('slack/incident-view'), [incidentId]);
  if (row === undefined) return null;
  const [alerts] = await db.query<{ total: number; firing: number; first_alert_at: string | null }>(sql('slack/incident-alerts'), [incidentId]);
  const evidence = asRecord(row.evidence);
  const detected = row.detected_at ?? row.created_at;
  const changes =
    row.service === null
      ? []
      : await db.query<IncidentView['changes'][number]>(sql('slack/recent-changes'), [
          row.service,
          new Date(Date.parse(detected) - CHANGES_LOOKBACK_MS).toISOString(),
          row.resolved_at ?? new Date(Date.parse(detected) + CHANGES_LOOKBACK_MS).toISOString(),
        ]);
  const ranked = asArray(row.playbooks).map(asRecord);
  const first = ranked[0];
  const playbookId = row.playbook_id ?? (typeof first?.id === 'string' ? first.id : null);
  const similarRefs = asArray(row.similar_incidents).map(asRecord).filter((ref) => typeof ref.id === 'string');
  const similarRows = similarRefs.length === 0 ? [] : await db.query<{ id: string; title: string; root_cause: string | null }>(sql('slack/similar-incidents'), [similarRefs.map((ref) => ref.id)]);
  const byId = new Map(similarRows.map((similar) => [similar.id, similar]));
  return {
    id: row.id,
    origin: row.origin,
    title: row.title,
    service: row.service,
    environment: row.environment,
    status: row.status,
    severity: row.severity,
    lead: row.lead,
    declaredBy: row.declared_by,
    symptom: row.symptom,
    impact: row.impact,
    rootCause: row.root_cause,
    category: row.category,
    impactStartedAt: row.impact_started_at,
    detectedAt: row.detected_at,
    acknowledgedAt: row.acknowledged_at,
    resolvedAt: row.resolved_at,
    firstAlertAt: alerts?.first_alert_at ?? null,
    alerts: { total: alerts?.total ?? 0, firing: alerts?.firing ?? 0 },
    changes,
    // the triage writes its suspected cause as text; older evidence named the suspect change instead
    suspectChange: typeof evidence.suspectedCause === 'string' ? evidence.suspectedCause : describeSuspect(evidence.suspectChange ?? asArray(evidence.changes)[0]),
    logLines: asArray(evidence.logs).map(logLine).filter((line): line is string => line !== null),
    playbook: playbookId === null ? null : { id: playbookId, why: typeof first?.why === 'string' ? first.why : null },
    communication: templateOf(evidence.communication) ?? templateOf(first?.communication),
    checklist: asArray(evidence.checklist).filter((item): item is string => typeof item === 'string'),
    similar: similarRefs.flatMap((ref) => {
      const found = byId.get(ref.id as string);
      return found === undefined ? [] : [{ id: found.id, title: found.title, rootCause: found.root_cause, why: typeof ref.why === 'string' ? ref.why : null }];
    }),
    runs: await findRuns(db, { incidentId }),
  };
}

// The evidence is written by the triage pipeline; read it defensively so a shape change degrades the message
// instead of failing the delivery.
function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function logLine(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const line = asRecord(value);
  const text = line.line ?? line.message ?? line.text;
  if (typeof text !== 'string') return null;
  // the log line usually carries its own timestamp; prefix ours only when it does not
  return typeof line.at === 'string' && !text.includes(line.at.slice(0, 16)) ? `${line.at} ${text}` : text;
}

function describeSuspect(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const change = asRecord(value);
  if (typeof change.kind !== 'string') return null;
  const parts = [change.kind, change.service, change.version].filter((part) => typeof part === 'string');
  const why = typeof change.why === 'string' ? ` (${change.why})` : '';
  return `${parts.join(' ')}${typeof change.at === 'string' ? ` at ${change.at}` : ''}${why}`;
}
