import type { BaselineName } from './baselines.js';
import type { Scores } from './score.js';

const COLUMN_TITLES: Record<'firebreak' | BaselineName, string> = {
  firebreak: 'firebreak',
  page_every_alert: 'page/alert',
  alertmanager_by_service: 'AM/service',
};

function format(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/**
 * Firebreak's scores beside the baselines' (src/eval/baselines.ts), one column each, with the goal of each score.
 * @example comparisonTable('atlas-week', scores, { page_every_alert, alertmanager_by_service }, 4.2)
 */
export function comparisonTable(name: string, firebreak: Scores, baselines: Record<BaselineName, Scores>, seconds: number): string {
  const columns: Array<['firebreak' | BaselineName, Scores]> = [['firebreak', firebreak], ...(Object.entries(baselines) as Array<[BaselineName, Scores]>)];
  const rows: Array<[string, (scores: Scores) => string, string]> = [
    ['alerts', (s) => String(s.alerts), ''],
    ['true incidents', (s) => String(s.true_incidents), ''],
    ['missed incidents', (s) => String(s.missed_incidents), 'goal 0'],
    ['noise precision', (s) => format(s.noise.precision), 'goal >= 0.98'],
    ['noise recall', (s) => format(s.noise.recall), 'goal >= 0.90'],
    ['grouping pairwise F1', (s) => format(s.grouping.pairwise_f1), 'goal >= 0.90'],
    ['notifications', (s) => String(s.notifications), `goal <= ${Math.floor(1.5 * firebreak.true_incidents)}`],
    ['playbook top-1', (s) => format(s.playbook_top1), 'goal >= 0.90'],
    ['similar hit@5', (s) => format(s.similar_hit_at_5), 'goal >= 0.85'],
    ['time to notify p50 (s)', (s) => format(s.time_to_notify_s.p50, 1), 'goal <= 120'],
    ['time to notify p95 (s)', (s) => format(s.time_to_notify_s.p95, 1), ''],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const cellWidth = Math.max(10, ...columns.map(([column]) => COLUMN_TITLES[column].length));
  const header = `  ${''.padEnd(labelWidth)}  ${columns.map(([column]) => COLUMN_TITLES[column].padStart(cellWidth)).join('  ')}`;
  const body = rows.map(([label, cell, goal]) => `  ${label.padEnd(labelWidth)}  ${columns.map(([, scores]) => cell(scores).padStart(cellWidth)).join('  ')}  ${goal}`.trimEnd());
  return [
    `${name} (replayed in ${seconds.toFixed(1)} s)`,
    header,
    ...body,
    '  page/alert: page on every alert (only exact redeliveries deduped); AM/service: Alertmanager route grouped by',
    '  service (group_wait 30 s, 5 min group window, repeat 4 h, repeats of a firing alert deduped)',
  ].join('\n');
}
