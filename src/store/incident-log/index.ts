/** The incident log: one import for its repository, records and errors' shapes. */
export { IncidentRepository } from './incident-repository.js';
export type * from './incident-records.js';
export type { IncidentFilter } from './incident-queries.js';
export type { FieldChange, NewIncident } from './incident-updates.js';
export type { IncidentPatchInput } from './incident-patch.js';
export type { NewCountermeasure } from './countermeasures.js';
export type { NewRemediation, RemediationPatch } from './remediations.js';
export type { NewTimelineEntry } from './timeline-entry.js';
export type { VerdictTarget, VerdictInput } from './verdicts.js';
export type { StoredChangeEvent } from './change-events.js';
