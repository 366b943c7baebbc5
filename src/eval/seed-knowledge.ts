import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { deriveRule } from '../domain/alert-rule.js';
import { FirebreakError } from '../errors/catalogue.js';
import { importHistory } from '../import/import-history.js';
import type { Db } from '../store/db.js';
import { importedVerdictKey, upsertVerdicts, type VerdictInput } from '../store/incident-log/verdicts.js';
import { SqlSilenceLog } from '../store/triage/sql-knowledge.js';
import type { Scenario } from './scenario.js';

const verdictLine = z.object({
  at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO-8601 time'),
  source: z.string().nullish(),
  labels: z.record(z.string(), z.string()).default({}),
  title: z.string().nullish(),
  verdict: z.enum(['false_positive', 'true_positive']),
  by: z.string().nullish(),
});

/**
 * What the team knew before the replay starts: its incident history, its past verdicts, its planned silences.
 * A history row the importer refuses is skipped (as `firebreak import` would); a malformed verdict line stops the
 * evaluation with file and line, since verdicts decide what is suppressed.
 */
export async function seedScenarioKnowledge(db: Db, scenario: Scenario): Promise<void> {
  const silences = new SqlSilenceLog(db);
  for (const silence of scenario.silences) await silences.add(silence, scenario.start);
  if (scenario.historyFile !== null) await importHistory(db, scenario.historyFile, { format: 'jsonl', actor: 'scenario', clock: { now: () => scenario.start } });
  if (scenario.verdictsFile === null) return;
  const verdicts: VerdictInput[] = [];
  readFileSync(scenario.verdictsFile, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new FirebreakError('FB_ERR_SCENARIO_INVALID', `${scenario.verdictsFile}:${index + 1}: not valid JSON (${(error as Error).message})`);
      }
      const parsed = verdictLine.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FirebreakError('FB_ERR_SCENARIO_INVALID', `${scenario.verdictsFile}:${index + 1}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
      }
      const line = { at: parsed.data.at, source: parsed.data.source ?? null, labels: parsed.data.labels, title: parsed.data.title ?? null, by: parsed.data.by ?? null };
      verdicts.push({ ...line, dedupeKey: importedVerdictKey(line), rule: deriveRule(line.labels, line.title ?? ''), alertId: null, verdict: parsed.data.verdict });
    });
  await upsertVerdicts(db, verdicts);
}
