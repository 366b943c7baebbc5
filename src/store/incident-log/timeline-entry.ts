/** A timeline entry about to be written: who did what, when, to which incident. */
export interface NewTimelineEntry {
  incidentId: string;
  at: string;
  actor: string;
  kind: string;
  summary: string;
  detail?: Record<string, unknown>;
}

/** Timeline kinds the incident log writes (others, such as triage's, are free to add theirs). */
export const TIMELINE_KINDS = {
  opened: 'opened',
  fieldChanged: 'field-changed',
  countermeasure: 'countermeasure',
  remediation: 'remediation',
  verdict: 'verdict',
  imported: 'imported',
} as const;

/** The `$1::jsonb` parameter of `incident-log/insert-timeline-entries`. */
export function timelineParam(entries: NewTimelineEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => ({
      incident_id: entry.incidentId,
      at: entry.at,
      actor: entry.actor,
      kind: entry.kind,
      summary: entry.summary,
      detail: entry.detail ?? {},
    })),
  );
}

/** How a field's value reads in a one-line timeline summary. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
