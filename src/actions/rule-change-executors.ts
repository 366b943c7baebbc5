import { FirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import type { ActionOutcome } from './action-executors.js';
import type { ActionRun } from './action-run.js';

/** The default length of a silence proposed after a false positive. */
export const SILENCE_DAYS = 7;

/** One rule override to store: what the noise filter reads through `VerdictLog.overridesFor`. */
export interface RuleOverrideInput {
  source: string;
  rule: string;
  kind: 'known-noisy' | 'hold';
  holdS: number | null;
  reason: string;
  by: string | null;
  at: Date;
  runId: string | null;
}

/** Stores a rule override; in force from `at`. A run writes its override once, however often it is replayed. */
export async function recordRuleOverride(db: Db, override: RuleOverrideInput): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(sql('actions/insert-rule-override'), [
    override.source,
    override.rule,
    override.kind,
    override.holdS,
    override.reason,
    override.by,
    override.at.toISOString(),
    override.runId,
  ]);
  return row?.id ?? null;
}

/** Executes an approved rule change (a silence, known-noisy, a longer hold); it takes effect now. */
export async function executeRuleChange(db: Db, run: ActionRun, now: Date): Promise<ActionOutcome> {
  const reason = `false positive on ${run.incidentId} (${run.id})`;
  if (run.kind === 'silence') {
    const matchers = (run.spec.matchers ?? {}) as Record<string, string>;
    const days = typeof run.spec.days === 'number' ? run.spec.days : SILENCE_DAYS;
    const ends = new Date(now.getTime() + days * 86_400_000);
    const [row] = await db.query<{ id: number }>(sql('actions/insert-silence'), [JSON.stringify(matchers), now.toISOString(), ends.toISOString(), reason, run.decidedBy]);
    return { status: 'succeeded', result: `silence ${row?.id ?? '?'} until ${ends.toISOString()}`, output: JSON.stringify(matchers) };
  }
  const { source, rule, holdS } = run.spec as { source?: unknown; rule?: unknown; holdS?: unknown };
  if (typeof source !== 'string' || typeof rule !== 'string') throw new FirebreakError('FB_ERR_ACTION_SPEC', `${run.kind} rule change names no source and rule`, { run: run.id });
  if (run.kind === 'known-noisy') {
    await recordRuleOverride(db, { source, rule, kind: 'known-noisy', holdS: null, reason, by: run.decidedBy, at: now, runId: run.id });
    return { status: 'succeeded', result: `rule ${rule} (${source}) is known-noisy from ${now.toISOString()}`, output: '' };
  }
  if (run.kind === 'longer-hold') {
    if (typeof holdS !== 'number' || !Number.isInteger(holdS) || holdS <= 0) throw new FirebreakError('FB_ERR_ACTION_SPEC', 'longer-hold rule change has no hold in seconds', { run: run.id });
    await recordRuleOverride(db, { source, rule, kind: 'hold', holdS, reason, by: run.decidedBy, at: now, runId: run.id });
    return { status: 'succeeded', result: `lone alerts of rule ${rule} (${source}) are held ${holdS} s from ${now.toISOString()}`, output: '' };
  }
  throw new FirebreakError('FB_ERR_ACTION_SPEC', `${run.kind} is not a rule change`, { run: run.id });
}
