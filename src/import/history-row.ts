import { createHash } from 'node:crypto';
import { ROOT_CAUSE_CATEGORIES, type IncidentStatus, type RootCauseCategory, type Severity } from '../domain/incident.js';
import type { RemediationStatus } from '../store/incident-log/incident-records.js';
import { readListText, readWorked } from './list-text.js';
import { readDate, readDay } from './read-date.js';

/** One incident of an imported history, normalised (the columns of DESIGN.md "Incident history import"). */
export interface HistoryIncident {
  id: string;
  title: string;
  service: string | null;
  severity: Severity;
  status: IncidentStatus;
  impactStartedAt: string | null;
  detectedAt: string | null;
  resolvedAt: string | null;
  symptom: string | null;
  impact: string | null;
  rootCause: string | null;
  category: RootCauseCategory | null;
  countermeasures: Array<{ at: string; action: string; worked: boolean | null }>;
  remediations: Array<{ title: string; owner: string | null; due: string | null; status: RemediationStatus }>;
  playbook: string | null;
  tags: string[];
  /** Digest of everything above: a re-imported row with the same digest changes nothing. */
  digest: string;
}

export type RowResult = { ok: true; incident: HistoryIncident; warnings: string[] } | { ok: false; reason: string };

const SEVERITY_WORDS: Record<string, Severity> = {
  minor: 'minor', major: 'major', critical: 'critical',
  sev1: 'critical', sev2: 'major', sev3: 'minor', sev4: 'minor', sev5: 'minor',
  p1: 'critical', p2: 'major', p3: 'minor', p4: 'minor', p5: 'minor',
};
const STATUS_WORDS: Record<string, IncidentStatus> = {
  open: 'open', ongoing: 'open', investigating: 'open', mitigated: 'mitigated', monitoring: 'mitigated',
  resolved: 'resolved', closed: 'resolved', done: 'resolved', fixed: 'resolved',
  falsepositive: 'false_positive', fp: 'false_positive', falsealarm: 'false_positive',
};
const CATEGORY_WORDS: Record<string, RootCauseCategory> = {
  ...Object.fromEntries(ROOT_CAUSE_CATEGORIES.map((category) => [category.replace(/-/g, ''), category])),
  deploy: 'deployment', release: 'deployment', humanerror: 'deployment', deploymenthumanerror: 'deployment',
  bug: 'application-bug', applicationbug: 'application-bug', code: 'application-bug',
  trafficspike: 'traffic', overload: 'traffic', trafficspikeoverload: 'traffic', load: 'traffic',
  infra: 'infrastructure', thirdparty: 'third-party', vendor: 'third-party', provider: 'third-party', external: 'third-party',
  config: 'configuration', misconfiguration: 'configuration',
};
const REMEDIATION_WORDS: Record<string, RemediationStatus> = {
  open: 'open', todo: 'open', planned: 'open', inprogress: 'in_progress', doing: 'in_progress', started: 'in_progress',
  done: 'done', completed: 'done', closed: 'done', cancelled: 'cancelled', canceled: 'cancelled', wontdo: 'cancelled', dropped: 'cancelled',
};

/**
 * Reads one history row (a parsed JSONL object, or a CSV record keyed by its normalised header) into a
 * `HistoryIncident`, or says why it cannot. Only `title` and one of the three dates are required; a row
 * without `id` gets a stable one from its title and first date, so re-importing it still finds it.
 */
export function readHistoryRow(raw: unknown): RowResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const row = raw as Record<string, unknown>;
  const warnings: string[] = [];
  const title = text(row.title);
  if (title === null) return { ok: false, reason: 'title: missing' };
  const dates: Record<'impactStartedAt' | 'detectedAt' | 'resolvedAt', string | null> = { impactStartedAt: null, detectedAt: null, resolvedAt: null };
  for (const [field, column] of [['impactStartedAt', 'impact_started_at'], ['detectedAt', 'detected_at'], ['resolvedAt', 'resolved_at']] as const) {
    const value = row[column];
    if (value === undefined || value === null || value === '') continue;
    const iso = readDate(value);
    if (iso === null) return { ok: false, reason: `${column}: cannot read date ${JSON.stringify(String(value))}` };
    dates[field] = iso;
  }
  const firstDate = dates.impactStartedAt ?? dates.detectedAt ?? dates.resolvedAt;
  if (firstDate === null) return { ok: false, reason: 'no date: one of impact_started_at, detected_at, resolved_at is required' };
  const severityText = text(row.severity);
  const severity = severityText === null ? 'minor' : SEVERITY_WORDS[word(severityText)];
  if (severity === undefined) return { ok: false, reason: `severity: expected minor, major or critical, got ${JSON.stringify(severityText)}` };
  const statusText = text(row.status);
  const status = statusText === null ? (dates.resolvedAt === null ? 'open' : 'resolved') : STATUS_WORDS[word(statusText)];
  if (status === undefined) return { ok: false, reason: `status: expected open, mitigated, resolved or false_positive, got ${JSON.stringify(statusText)}` };
  const categoryText = text(row.category);
  let category: RootCauseCategory | null = null;
  if (categoryText !== null) {
    category = CATEGORY_WORDS[word(categoryText)] ?? 'unknown';
    if (CATEGORY_WORDS[word(categoryText)] === undefined) warnings.push(`category ${JSON.stringify(categoryText)} read as unknown`);
  }
  const idText = text(row.id);
  const id = idText ?? `IMP-${createHash('sha256').update(`${title}\n${firstDate}`).digest('hex').slice(0, 12)}`;
  if (id.length > 200) return { ok: false, reason: 'id: longer than 200 characters' };
  const countermeasures = readCountermeasures(row.countermeasures, dates.detectedAt ?? firstDate, warnings);
  const remediations = readRemediations(row.remediations, warnings);
  const incident: Omit<HistoryIncident, 'digest'> = {
    id,
    title,
    service: text(row.service),
    severity,
    status,
    ...dates,
    symptom: text(row.symptom),
    impact: text(row.impact),
    rootCause: text(row.root_cause),
    category,
    countermeasures,
    remediations,
    playbook: text(row.playbook),
    tags: readTags(row.tags),
  };
  const digest = createHash('sha256').update(JSON.stringify(incident)).digest('hex').slice(0, 32);
  return { ok: true, incident: { ...incident, digest }, warnings };
}

function readCountermeasures(value: unknown, defaultAt: string, warnings: string[]): HistoryIncident['countermeasures'] {
  const items = typeof value === 'string' ? readListText(value, 'countermeasure') : Array.isArray(value) ? value : [];
  const out: HistoryIncident['countermeasures'] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const entry = item as Record<string, unknown>;
    const action = text(entry.action ?? entry.title);
    if (action === null) continue;
    const at = entry.at === undefined || entry.at === null || entry.at === '' ? defaultAt : readDate(entry.at);
    if (at === null) warnings.push(`countermeasure ${JSON.stringify(action)}: cannot read date ${JSON.stringify(String(entry.at))}, used the detection time`);
    out.push({ at: at ?? defaultAt, action, worked: readWorked(entry.worked) });
  }
  return out;
}

function readRemediations(value: unknown, warnings: string[]): HistoryIncident['remediations'] {
  const items = typeof value === 'string' ? readListText(value, 'remediation') : Array.isArray(value) ? value : [];
  const out: HistoryIncident['remediations'] = [];
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const entry = item as Record<string, unknown>;
    const title = text(entry.title ?? entry.action);
    if (title === null) continue;
    const dueText = text(entry.due);
    const due = dueText === null ? null : readDay(dueText);
    if (dueText !== null && due === null) warnings.push(`remediation ${JSON.stringify(title)}: cannot read due date ${JSON.stringify(dueText)}`);
    const statusText = text(entry.status);
    const status = statusText === null ? 'open' : (REMEDIATION_WORDS[word(statusText)] ?? 'open');
    if (statusText !== null && REMEDIATION_WORDS[word(statusText)] === undefined) warnings.push(`remediation ${JSON.stringify(title)}: status ${JSON.stringify(statusText)} read as open`);
    out.push({ title, owner: text(entry.owner), due, status });
  }
  return out;
}

function readTags(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;\n]/) : [];
  return [...new Set(items.map((item) => (typeof item === 'string' ? item.trim() : '')).filter((item) => item !== ''))];
}

function text(value: unknown): string | null {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toLowerCase() === 'null' ? null : trimmed;
}

/** A vocabulary word without case, spaces or punctuation: "False Positive" and "false_positive" meet. */
function word(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}
