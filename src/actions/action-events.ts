import { FirebreakError } from '../errors/catalogue.js';
import type { ActionRun } from './action-run.js';

/** What happened to an action run, for whoever tells humans (the Slack thread, or the log without Slack). */
export type ActionEvent =
  | { kind: 'proposed'; run: ActionRun }
  /** A high-risk run got its first approval and waits for a second, distinct approver. */
  | { kind: 'approval-recorded'; run: ActionRun; by: string }
  | { kind: 'approved'; run: ActionRun; by: string }
  | { kind: 'rejected'; run: ActionRun; by: string }
  | { kind: 'finished'; run: ActionRun }
  /** The "did it work?" question is due: the incident's alerts as they stand now. */
  | { kind: 'followup'; run: ActionRun; alerts: { firing: number; resolved: number } }
  | { kind: 'worked'; run: ActionRun; by: string; worked: boolean; note: string | null };

/**
 * The listener of action-run events. Implementations record an intent durably (the Slack outbox) and return; a
 * failure to tell must never undo or repeat what was decided, so callers log and carry on when it throws.
 */
export interface ActionEvents {
  emit(event: ActionEvent): Promise<void>;
}

/** Who may decide on action runs: Slack user ids configured, or members of a configured user group. */
export interface ApproverCheck {
  isApprover(user: string): Promise<boolean>;
}

/**
 * The one authorisation rule of every decision (approve, reject, resolve, false positive, revoking a rule
 * override), from Slack and from the CLI's `--as`: a non-approver gets FB_ERR_ACTION_NOT_ALLOWED and nothing changes.
 */
export async function mustBeApprover(approvers: ApproverCheck, user: string, context: Record<string, unknown>): Promise<void> {
  if (!(await approvers.isApprover(user))) throw new FirebreakError('FB_ERR_ACTION_NOT_ALLOWED', `${user} is not an approver`, { user, ...context });
}

/** An ActionEvents that tells nobody (tests, the CLI when Slack is off: the store already has it all). */
export const silentActionEvents: ActionEvents = { emit: async () => undefined };
