/** The incident log of the source practice (DESIGN.md, "Domain"). */
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['open', 'mitigated', 'resolved', 'false_positive'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const ROOT_CAUSE_CATEGORIES = [
  'deployment',
  'application-bug',
  'traffic',
  'infrastructure',
  'third-party',
  'configuration',
  'unknown',
] as const;
export type RootCauseCategory = (typeof ROOT_CAUSE_CATEGORIES)[number];

/** How an incident came to be in the log. */
export const INCIDENT_ORIGINS = ['triage', 'declared', 'imported', 'drill'] as const;
export type IncidentOrigin = (typeof INCIDENT_ORIGINS)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
