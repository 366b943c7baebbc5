/** Bringing an existing incident log and verdicts into Firebreak (`firebreak import`, and `firebreak eval`). */
export { importHistory, type ImportOptions, type ImportRefusal, type ImportSummary, type ImportWarning } from './import-history.js';
export { importVerdicts, type VerdictImportSummary } from './import-verdicts.js';
export { readDate, readDay } from './read-date.js';
export type { ImportFormat } from './import-source.js';
