import { importHistory, importVerdicts } from '../import/index.js';
import type { Db } from '../store/db.js';
import { SqlSilenceLog } from '../store/triage/sql-knowledge.js';
import type { Scenario } from './scenario.js';

/**
 * What the team knew before the replay starts: its incident history, its past verdicts, its planned silences,
 * imported with the same code as `firebreak import`. Rows the importers refuse are returned with file and line
 * (the evaluation prints them) and the rest still counts, as an import would.
 */
export async function seedScenarioKnowledge(db: Db, scenario: Scenario): Promise<string[]> {
  const silences = new SqlSilenceLog(db);
  for (const silence of scenario.silences) await silences.add(silence, scenario.start);
  const options = { format: 'jsonl' as const, actor: 'scenario', clock: { now: () => scenario.start } };
  const refused: string[] = [];
  if (scenario.historyFile !== null) {
    const summary = await importHistory(db, scenario.historyFile, options);
    refused.push(...summary.refusals.map((refusal) => `${scenario.historyFile}:${refusal.line}: ${refusal.reason}`));
  }
  if (scenario.verdictsFile !== null) {
    const summary = await importVerdicts(db, scenario.verdictsFile, options);
    refused.push(...summary.refusals.map((refusal) => `${scenario.verdictsFile}:${refusal.line}: ${refusal.reason}`));
  }
  return refused;
}
