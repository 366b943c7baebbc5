import { deriveRule } from '../domain/alert-rule.js';
import type { VerdictValue } from '../domain/verdict.js';
import type { Db } from '../store/db.js';
import { importedVerdictKey, upsertVerdicts, type VerdictInput } from '../store/incident-log/verdicts.js';
import type { ImportOptions, ImportRefusal } from './import-history.js';
import { detectFormat, readImportFile, type SourceRecord } from './import-source.js';
import { readDate } from './read-date.js';

export interface VerdictImportSummary {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
  refusals: ImportRefusal[];
}

const VERDICT_WORDS: Record<string, VerdictValue> = {
  falsepositive: 'false_positive', fp: 'false_positive', noise: 'false_positive',
  truepositive: 'true_positive', tp: 'true_positive', real: 'true_positive',
};

type VerdictRow = { ok: true; verdict: VerdictInput } | { ok: false; reason: string };

/**
 * Reads one verdict line `{at, source, labels, title, verdict, by}`: the rule is `deriveRule(labels, title)`
 * (the same key the receivers give live alerts) and the dedupe key is stable, so a re-import changes nothing
 * and a line whose verdict was corrected updates its verdict.
 */
export function readVerdictRow(raw: unknown): VerdictRow {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const row = raw as Record<string, unknown>;
  const at = readDate(row.at);
  if (at === null) return { ok: false, reason: row.at === undefined || row.at === '' ? 'at: missing' : `at: cannot read date ${JSON.stringify(String(row.at))}` };
  const labels = readLabels(row.labels);
  if (labels === null) return { ok: false, reason: 'labels: expected an object of strings' };
  const title = typeof row.title === 'string' && row.title.trim() !== '' ? row.title.trim() : null;
  const rule = deriveRule(labels, title ?? '');
  if (rule === '') return { ok: false, reason: 'no rule: labels.alertname or title is required' };
  const verdict = typeof row.verdict === 'string' ? VERDICT_WORDS[row.verdict.toLowerCase().replace(/[^a-z]/g, '')] : undefined;
  if (verdict === undefined) return { ok: false, reason: `verdict: expected false_positive or true_positive, got ${JSON.stringify(row.verdict ?? null)}` };
  const source = typeof row.source === 'string' && row.source.trim() !== '' ? row.source.trim() : null;
  const by = typeof row.by === 'string' && row.by.trim() !== '' ? row.by.trim() : null;
  const dedupeKey = importedVerdictKey({ at, source, labels, title, by });
  return { ok: true, verdict: { dedupeKey, rule, source, alertId: null, labels, title, verdict, by, at } };
}

/**
 * Imports verdicts (JSONL, or CSV with the same columns and labels as JSON or `k=v, k=v`) in batches; bad lines
 * are refused with their line and the rest imports.
 * @example await importVerdicts(db, 'scenarios/atlas-week/verdicts.jsonl')
 */
export async function importVerdicts(db: Db, source: string | readonly unknown[], options: ImportOptions = {}): Promise<VerdictImportSummary> {
  const batchSize = options.batchSize ?? 1000;
  const summary: VerdictImportSummary = { rows: 0, imported: 0, updated: 0, unchanged: 0, refused: 0, refusals: [] };
  const seen = new Map<string, number>();
  let batch: VerdictInput[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const result = await upsertVerdicts(db, batch);
    summary.imported += result.inserted;
    summary.updated += result.updated;
    summary.unchanged += batch.length - result.inserted - result.updated;
    batch = [];
  };
  const input: AsyncIterable<SourceRecord> | Iterable<SourceRecord> =
    typeof source === 'string' ? readImportFile(source, options.format ?? detectFormat(source), options.onProgress) : source.map((value, index) => ({ line: index + 1, value }));
  for await (const record of input) {
    summary.rows += 1;
    const result: VerdictRow = 'error' in record ? { ok: false, reason: record.error } : readVerdictRow(record.value);
    if (!result.ok) {
      summary.refused += 1;
      summary.refusals.push({ line: record.line, reason: result.reason });
      continue;
    }
    const first = seen.get(result.verdict.dedupeKey);
    if (first !== undefined) {
      summary.refused += 1;
      summary.refusals.push({ line: record.line, reason: `same alert, time and person as line ${first}` });
      continue;
    }
    seen.set(result.verdict.dedupeKey, record.line);
    batch.push(result.verdict);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return summary;
}

function readLabels(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('{')) {
      try {
        return readLabels(JSON.parse(text));
      } catch {
        return null;
      }
    }
    const pairs = text.split(/[,\n]/).map((pair) => pair.split('=')).filter((pair) => pair.length === 2);
    return Object.fromEntries(pairs.map(([key, val]) => [String(key).trim(), String(val).trim()]));
  }
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, string> = {};
  for (const [key, val] of Object.entries(value)) {
    if (typeof val === 'string') out[key] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[key] = String(val);
    else return null;
  }
  return out;
}
