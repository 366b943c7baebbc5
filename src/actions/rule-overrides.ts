import { FirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { mustBeApprover, type ApproverCheck } from './action-events.js';
import { addTimelineEntry } from './action-run.js';

/**
 * The rule overrides humans approved after false positives (a rule marked known-noisy, a longer hold), as
 * `firebreak rules` lists them, and their revocation. Neither table is ever updated: a revocation is a row of its
 * own, in force from when it was made, so triage at a later time no longer honours the override while a replay of
 * an earlier time still does (`triage/rule-overrides`).
 */
export interface StoredRuleOverride {
  id: number;
  source: string;
  rule: string;
  kind: 'known-noisy' | 'hold';
  holdS: number | null;
  reason: string;
  createdBy: string | null;
  createdAt: string;
  actionRunId: string | null;
  /** The incident whose false positive led to it (through its action run). */
  incidentId: string | null;
  revokedBy: string | null;
  revokedAt: string | null;
  revokeNote: string | null;
  /** The latest of its kind on its rule, not revoked, at the time asked about. */
  inForce: boolean;
}

interface OverrideRow {
  id: number;
  source: string;
  rule: string;
  kind: 'known-noisy' | 'hold';
  hold_s: number | null;
  reason: string;
  created_by: string | null;
  created_at: string;
  action_run_id: string | null;
  incident_id: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  revoke_note: string | null;
  in_force?: boolean;
}

function toOverride(row: OverrideRow): StoredRuleOverride {
  return {
    id: row.id,
    source: row.source,
    rule: row.rule,
    kind: row.kind,
    holdS: row.hold_s,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    actionRunId: row.action_run_id,
    incidentId: row.incident_id,
    revokedBy: row.revoked_by,
    revokedAt: row.revoked_at,
    revokeNote: row.revoke_note,
    inForce: row.in_force ?? false,
  };
}

/** The overrides in force at `at` (every override ever recorded, revoked and superseded ones too, with `all`), by rule. */
export async function listRuleOverrides(db: Db, options: { at: Date; all?: boolean }): Promise<StoredRuleOverride[]> {
  const rows = await db.query<OverrideRow>(sql('rules/list'), [options.at.toISOString(), options.all === true]);
  return rows.map(toOverride);
}

/** A revocation, and the override of the same kind on the same rule in force from then on (an earlier one), if any. */
export interface Revocation {
  revoked: StoredRuleOverride;
  nowInForce: StoredRuleOverride | null;
}

/**
 * Revokes a rule override from now on, for approvers only (the rule that approved it), with an optional note;
 * the revocation lands in the timeline of the incident it came from. Unknown id: FB_ERR_NOT_FOUND; already
 * revoked: FB_ERR_ACTION_STATE; nothing changes on either.
 */
export async function revokeRuleOverride(deps: { db: Db; approvers: ApproverCheck; now?: () => Date }, id: number, user: string, note: string | null = null): Promise<Revocation> {
  await mustBeApprover(deps.approvers, user, { override: id });
  const at = (deps.now ?? (() => new Date()))();
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.query<OverrideRow>(sql('rules/lock'), [id]);
    if (row === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `no rule override ${id}`, { override: id });
    if (row.revoked_at !== null) {
      throw new FirebreakError('FB_ERR_ACTION_STATE', `rule override ${id} was already revoked by ${row.revoked_by ?? 'someone'} at ${row.revoked_at}`, { override: id });
    }
    await tx.query(sql('rules/revoke'), [id, user, at.toISOString(), note]);
    if (row.incident_id !== null) {
      await addTimelineEntry(tx, {
        incidentId: row.incident_id,
        at,
        actor: user,
        kind: 'rule-override-revoked',
        summary: `rule override ${id} (${describeOverride(toOverride(row))}) revoked by ${user}${note === null ? '' : `: ${note}`}`,
        detail: { override: id, run: row.action_run_id, ...(note === null ? {} : { note }) },
      });
    }
  });
  const after = await listRuleOverrides(deps.db, { at, all: true });
  const revoked = after.find((override) => override.id === id);
  if (revoked === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `no rule override ${id}`, { override: id });
  const nowInForce = after.find((override) => override.inForce && override.source === revoked.source && override.rule === revoked.rule && override.kind === revoked.kind) ?? null;
  return { revoked, nowInForce };
}

/** `known-noisy of ProbeSlow (alertmanager)`, `hold 2460 s of ProbeSlow (alertmanager)`. */
export function describeOverride(override: Pick<StoredRuleOverride, 'kind' | 'holdS' | 'rule' | 'source'>): string {
  const what = override.kind === 'hold' ? `hold ${override.holdS ?? '?'} s` : 'known-noisy';
  return `${what} of ${override.rule} (${override.source})`;
}
