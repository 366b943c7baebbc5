import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv, type Options as CsvOptions } from 'csv-parse/sync';
import { FirebreakError } from '../errors/catalogue.js';

/** One record read from an import file: its object, or why the line could not be read. */
export type SourceRecord = { line: number; value: unknown } | { line: number; error: string };

export type ImportFormat = 'jsonl' | 'csv';

/** Progress of reading: how much of the file is behind us. */
export type ProgressListener = (done: number, total: number) => void;

/** JSONL for `.jsonl`/`.ndjson`/`.json`, CSV for `.csv`/`.tsv`, else by the first character (`{` is JSONL). */
export function detectFormat(file: string): ImportFormat {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  if (extension === '.jsonl' || extension === '.ndjson' || extension === '.json') return 'jsonl';
  const head = readFileSync(file, { encoding: 'utf8', flag: 'r' }).slice(0, 1024).trimStart();
  return head.startsWith('{') ? 'jsonl' : 'csv';
}

/**
 * The records of an import file, streamed for JSONL (a line that is not a JSON object is reported, the next
 * line goes on) and read whole for CSV (quoted fields, embedded newlines, BOM, any column order; a record with
 * broken quoting is reported with its line and parsing resumes on the next line).
 */
export async function* readImportFile(file: string, format: ImportFormat, onProgress?: ProgressListener): AsyncGenerator<SourceRecord> {
  let total: number;
  try {
    total = statSync(file).size;
  } catch (error) {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  if (format === 'csv') {
    const text = readFileSync(file, 'utf8');
    const records = readCsvText(text);
    let index = 0;
    for (const record of records) {
      index += 1;
      if (onProgress !== undefined && index % 1000 === 0) onProgress(Math.round((index / records.length) * total), total);
      yield record;
    }
    onProgress?.(total, total);
    return;
  }
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (onProgress !== undefined && line % 1000 === 0) onProgress(stream.bytesRead, total);
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') continue;
    yield readJsonLine(trimmed, line);
  }
  onProgress?.(total, total);
}

function readJsonLine(text: string, line: number): SourceRecord {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, error: 'not a JSON object' };
    return { line, value };
  } catch (error) {
    return { line, error: `invalid JSON (${(error as Error).message})` };
  }
}

/** Header aliases a Notion or spreadsheet export may use for the documented columns. */
const HEADER_ALIASES: Record<string, string> = {
  name: 'title', incident: 'title', summary: 'title',
  impact_start: 'impact_started_at', impact_started: 'impact_started_at', started_at: 'impact_started_at', start: 'impact_started_at',
  detected: 'detected_at', detection: 'detected_at', detection_time: 'detected_at',
  resolved: 'resolved_at', resolution: 'resolved_at', resolution_time: 'resolved_at',
  user_impact: 'impact', visible_symptom: 'symptom', root_cause_category: 'category', cause_category: 'category',
  remediation: 'remediations', countermeasure: 'countermeasures', tag: 'tags',
};

function headerName(column: string): string {
  const name = column.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return HEADER_ALIASES[name] ?? name;
}

/** Columns that never hold a line break: one that does means a quote was left open and swallowed other rows. */
const SINGLE_LINE_FIELDS = ['id', 'title', 'service', 'severity', 'status', 'category', 'impact_started_at', 'detected_at', 'resolved_at'];
const RUNAWAY_QUOTE = new Error('runaway quote');

/** A field holding a line break followed by a line with as many delimiters as a row: an open quote ate rows. */
function swallowedRows(value: string | undefined, columns: number, delimiter: string): boolean {
  if (value === undefined || !value.includes('\n')) return false;
  const needed = Math.max(1, columns - 1);
  return value.split('\n').slice(1).some((line) => line.split(delimiter).length - 1 >= needed);
}

/** Parses CSV text into records keyed by normalised header names; see `readImportFile`. */
export function readCsvText(text: string): SourceRecord[] {
  const out: SourceRecord[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let header: string[] | null = null;
  let firstLine = 1;
  // The first non-blank line after `line`: where the next record starts (blank lines are skipped).
  const startAfter = (line: number): number => {
    let next = line + 1;
    while (next < lineStarts.length && text.slice(lineStarts[next - 1], lineStarts[next]).trim() === '') next += 1;
    return next;
  };
  const delimiter = sniffDelimiter(text);
  while (firstLine <= lineStarts.length) {
    const offset = firstLine - 1;
    // Line numbers are absolute; a record starts on the line after the previous one ended (the header is line 1).
    let lastEnd = header === null ? firstLine : offset;
    let notClosed = false;
    let runaway = false;
    const options: CsvOptions = {
      columns: header ?? ((columns: string[]) => (header = columns.map(headerName))),
      ...(delimiter === undefined ? {} : { delimiter }),
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (row, context) => {
        const record = row as unknown as Record<string, string>;
        if (SINGLE_LINE_FIELDS.some((field) => swallowedRows(record[field], header?.length ?? 0, delimiter ?? ','))) throw RUNAWAY_QUOTE;
        out.push({ line: startAfter(lastEnd), value: record });
        lastEnd = offset + context.lines;
        return null;
      },
      on_skip: (skip) => {
        const error = skip as (Error & { code: string; lines: number }) | undefined;
        if (error === undefined) return;
        if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
          notClosed = true;
          return;
        }
        out.push({ line: startAfter(lastEnd), error: error.message.replace(/ at line \d+/, '') });
        lastEnd = offset + error.lines;
      },
    };
    try {
      parseCsv(text.slice(lineStarts[offset]), options);
    } catch (error) {
      if (error !== RUNAWAY_QUOTE) throw error;
      runaway = true;
    }
    if (!notClosed && !runaway) break;
    // A quote left open swallows the lines after it: report its record and read again from the next line.
    const reason = runaway ? 'a quote left open runs over several lines' : 'quote not closed: the field runs on to the end of the file';
    const broken = startAfter(lastEnd);
    out.push({ line: broken, error: reason });
    firstLine = broken + 1;
  }
  return out;
}

/** Comma unless the header line has more semicolons or tabs (European spreadsheet exports use `;`). */
function sniffDelimiter(text: string): string | undefined {
  const end = text.indexOf('\n');
  const firstLine = text.slice(0, end === -1 ? undefined : end);
  const counts = { ',': firstLine.split(',').length, ';': firstLine.split(';').length, '\t': firstLine.split('\t').length };
  const best = (Object.entries(counts) as Array<[string, number]>).sort((a, b) => b[1] - a[1])[0];
  return best === undefined || best[0] === ',' ? undefined : best[0];
}
