import type { Clock } from '../../agents/ports/clock.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { readHistoryRow, type HistoryIncident } from './history-row.js';
import { writeHistoryBatch } from './history-writer.js';
import { detectFormat, readImportFile, type ImportFormat, type ProgressListener, type SourceRecord } from './import-source.js';

/** A row that was not imported, and why (`title: missing`, `duplicate id H-0007 (first on line 12)`). */
export interface ImportRefusal {
  line: number;
  reason: string;
}

/** Something read in a way worth knowing about (an unknown category read as `unknown`); the row imported. */
export interface ImportWarning {
  line: number;
  message: string;
}

export interface ImportSummary {
  /** Rows read, refused ones included. */
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
  refusals: ImportRefusal[];
  warnings: ImportWarning[];
}

export interface ImportOptions {
  /** Default: from the file name (rows given as objects are JSONL-shaped). */
  format?: ImportFormat;
  /** Who the timeline says imported it. Default `import`. */
  actor?: string;
  clock?: Clock;
  /** Rows per transaction. */
  batchSize?: number;
  onProgress?: ProgressListener;
}

/**
 * Imports an incident history (DESIGN.md "Incident history import") from a JSONL or CSV file, or from rows
 * already parsed. Incidents keep their ids and get origin `imported`; a row that cannot be read is refused
 * with its line and reason and the rest still imports; the same id twice in one source keeps the first.
 * Re-importing changes nothing (`unchanged`), a changed row updates its incident. Rows are written in
 * batches, each one transaction of set-based statements, so 10,000 rows take seconds.
 *
 * @example const summary = await importHistory(db, 'scenarios/atlas-week/history.jsonl')
 */
export async function importHistory(db: Db, source: string | readonly unknown[], options: ImportOptions = {}): Promise<ImportSummary> {
  const clock = options.clock ?? { now: () => new Date() };
  const actor = options.actor ?? 'import';
  const batchSize = options.batchSize ?? 1000;
  const summary: ImportSummary = { rows: 0, imported: 0, updated: 0, unchanged: 0, refused: 0, refusals: [], warnings: [] };
  const firstLineOf = new Map<string, number>();
  const lineOf = new Map<string, number>();
  let batch: HistoryIncident[] = [];

  const refuse = (line: number, reason: string): void => {
    summary.refused += 1;
    summary.refusals.push({ line, reason });
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await writeHistoryBatch(db, batch, actor, clock.now());
    summary.imported += result.imported.length;
    summary.updated += result.updated.length;
    summary.unchanged += result.unchanged;
    for (const id of result.foreign) refuse(lineOf.get(id) ?? 0, `id ${id} belongs to an incident Firebreak opened; an import does not overwrite it`);
    batch = [];
    lineOf.clear();
  };

  for await (const record of records(source, options)) {
    summary.rows += 1;
    if ('error' in record) {
      refuse(record.line, record.error);
      continue;
    }
    const result = readHistoryRow(record.value);
    if (!result.ok) {
      refuse(record.line, result.reason);
      continue;
    }
    const first = firstLineOf.get(result.incident.id);
    if (first !== undefined) {
      refuse(record.line, `duplicate id ${result.incident.id} (first on line ${first})`);
      continue;
    }
    firstLineOf.set(result.incident.id, record.line);
    lineOf.set(result.incident.id, record.line);
    for (const message of result.warnings) summary.warnings.push({ line: record.line, message });
    batch.push(result.incident);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await db.query(sql('incident-log/bump-incident-number'));
  summary.refusals.sort((a, b) => a.line - b.line);
  return summary;
}

async function* records(source: string | readonly unknown[], options: ImportOptions): AsyncGenerator<SourceRecord> {
  if (typeof source === 'string') {
    yield* readImportFile(source, options.format ?? detectFormat(source), options.onProgress);
    return;
  }
  let line = 0;
  for (const value of source) {
    line += 1;
    yield { line, value };
  }
}
