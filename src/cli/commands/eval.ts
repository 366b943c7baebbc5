import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { baselineDecisions, BASELINE_NAMES } from '../../eval/baselines.js';
import { comparisonTable } from '../../eval/comparison-table.js';
import { replayScenario } from '../../eval/replay.js';
import { loadConfig } from '../../config/load-config.js';
import { createLlmTriage } from '../../llm/create-llm-triage.js';
import { loadScenario } from '../../eval/scenario.js';
import { scoreDecisions, type Scores, type Truth } from '../../eval/score.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { createPgliteDb } from '../../store/pglite-db.js';

function format(value: number | null, digits = 3): string {
  return value === null ? 'n/a' : Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

export function scoresTable(name: string, scores: Scores, seconds: number): string {
  const rows: Array<[string, string, string]> = [
    ['alerts', String(scores.alerts), ''],
    ['true incidents', String(scores.true_incidents), ''],
    ['missed incidents', String(scores.missed_incidents), 'goal 0'],
    ['noise precision', format(scores.noise.precision), 'goal >= 0.98'],
    ['noise recall', format(scores.noise.recall), 'goal >= 0.90'],
    ['grouping pairwise F1', format(scores.grouping.pairwise_f1), 'goal >= 0.90'],
    ['notifications', String(scores.notifications), `goal <= ${Math.floor(1.5 * scores.true_incidents)}`],
    ['playbook top-1', format(scores.playbook_top1), 'goal >= 0.90'],
    ['similar hit@5', format(scores.similar_hit_at_5), 'goal >= 0.85'],
    ['time to notify p50 (s)', format(scores.time_to_notify_s.p50, 1), 'goal <= 120'],
    ['time to notify p95 (s)', format(scores.time_to_notify_s.p95, 1), ''],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [`${name} (replayed in ${seconds.toFixed(1)} s)`, ...rows.map(([label, value, goal]) => `  ${label.padEnd(width)}  ${value.padStart(8)}  ${goal}`)].join('\n');
}

/** `firebreak eval SCENARIO_DIR [--json] [--decisions FILE]`: replay a scenario and score the triage. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Replay a scenario folder through the triage on a virtual clock and print its scores')
    .argument('<scenario-dir>', 'a folder in the firebreak-scenario/1 format')
    .option('--json', 'print the scores as JSON')
    .option('--decisions <file>', 'write one JSON line per firing alert: what was decided')
    .option('--baselines', 'also score two naive strategies on the same events: page on every alert, Alertmanager grouped by service')
    .option('--llm', 'also reason with the LLM at OPENAI_BASE_URL (it adds to each incident; scored decisions stay the same)')
    .option('--store <dir>', 'keep the replay\'s store in this (new) folder, to read with FIREBREAK_DATA_DIR=<dir> firebreak explain / incidents')
    .action(async (dir: string, options: { json?: boolean; decisions?: string; store?: string; llm?: boolean; baselines?: boolean }) => {
      const started = performance.now();
      const scenario = loadScenario(dir);
      if (options.store !== undefined && existsSync(options.store) && readdirSync(options.store).length > 0) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--store ${options.store}: the folder is not empty`);
      }
      const db = options.store === undefined ? undefined : await createPgliteDb(resolve(options.store, 'pglite'));
      let result;
      try {
        result = await replayScenario(scenario, { db, llm: options.llm ? llmOrRefuse() : null });
      } finally {
        await db?.close();
      }
      if (options.decisions !== undefined) {
        writeFileSync(options.decisions, result.decisions.map((line) => JSON.stringify(line)).join('\n') + '\n');
      }
      let truth: Truth;
      try {
        truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
      } catch (error) {
        throw new FirebreakError('FB_ERR_SCENARIO_INVALID', `${join(dir, 'truth.json')}: cannot be read (${(error as Error).message})`);
      }
      const scores = scoreDecisions(result.decisions, truth);
      const seconds = (performance.now() - started) / 1000;
      if (options.baselines) {
        const decided = baselineDecisions(scenario);
        const baselines = Object.fromEntries(BASELINE_NAMES.map((name) => [name, scoreDecisions(decided[name], truth)])) as Record<(typeof BASELINE_NAMES)[number], Scores>;
        if (options.json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, ...scores, baselines, refused_bodies: result.refused.length, seconds: Math.round(seconds * 10) / 10 }, null, 2)}\n`);
        else process.stdout.write(`${comparisonTable(scenario.name, scores, baselines, seconds)}\n`);
        return;
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ scenario: scenario.name, ...scores, refused_bodies: result.refused.length, refused_rows: result.refusedRows.length, seconds: Math.round(seconds * 10) / 10 }, null, 2)}\n`);
      else {
        process.stdout.write(`${scoresTable(scenario.name, scores, seconds)}\n`);
        for (const refusal of result.refused.slice(0, 5)) process.stdout.write(`  refused body ${refusal.event}: ${refusal.reason}\n`);
        for (const row of result.refusedRows.slice(0, 5)) process.stdout.write(`  refused row ${row}\n`);
      }
    });
}

/** The LLM `--llm` asks for: refused with a one-line error when OPENAI_BASE_URL is not set. */
function llmOrRefuse() {
  const llm = createLlmTriage({ config: loadConfig() });
  if (llm === null) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', '--llm: OPENAI_BASE_URL is not set (and OPENAI_API_KEY, FIREBREAK_LLM_MODEL as the endpoint needs)');
  return llm;
}
