import { mustBeApprover, type ActionEvents, type ApproverCheck } from '../actions/action-events.js';
import { addTimelineEntry, getRun, type ActionRun } from '../actions/action-run.js';
import { recordProposals } from '../actions/propose-actions.js';
import { RULE_CHANGE_PLAYBOOK, ruleChangesFor, type SkippedRuleChange } from '../actions/rule-change.js';
import { FirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import { IncidentRepository } from '../store/incident-log/incident-repository.js';
import { sql } from '../store/sql-file.js';
import { escapeText, mention, SLACK_LIMITS, truncate } from './mrkdwn.js';
import type { SlackOutbox } from './slack-outbox.js';

/**
 * What the incident message's own buttons do: Take lead (names the lead, acknowledges, restarts the update clock),
 * Resolve, and False positive (a verdict on each alert's rule, the incident closed as `false_positive`, and the
 * rule change it implies proposed for approval). Each lands in the timeline and in the thread (when Slack is on).
 * The Slack buttons and the CLI (`firebreak incident false-positive`) both call these: Resolve and False positive
 * are for approvers only (FB_ERR_ACTION_NOT_ALLOWED otherwise, nothing changed), as approving an action is.
 */
export function createIncidentDecisions(deps: { db: Db; outbox: SlackOutbox | null; events: ActionEvents; approvers: ApproverCheck; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function say(incidentId: string, key: string, text: string): Promise<void> {
    if (deps.outbox === null) return;
    await deps.outbox.thread(incidentId, key, text, undefined, { immediate: true });
    await deps.outbox.markChanged(incidentId);
  }

  /**
   * Closes an open or mitigated incident through the incident log (the time and the timeline come with it);
   * `closed` false when it was closed already, `status` what it is now.
   */
  async function close(log: IncidentRepository, incidentId: string, status: 'resolved' | 'false_positive', user: string, at: Date): Promise<{ closed: boolean; status: string }> {
    const current = await log.getIncident(incidentId);
    if (current === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `no incident ${incidentId}`, { incident: incidentId });
    if (current.status !== 'open' && current.status !== 'mitigated') return { closed: false, status: current.status };
    const patch = current.acknowledgedAt === null ? { status, acknowledgedAt: at.toISOString() } : { status };
    // under the incident's lock a second, concurrent close finds nothing to change
    const closed = (await log.updateIncident(incidentId, patch, user)).some((change) => change.field === 'status');
    return { closed, status: closed ? status : ((await log.getIncident(incidentId))?.status ?? status) };
  }

  return {
    async takeLead(incidentId: string, user: string): Promise<{ previous: string | null }> {
      const at = now();
      const previous = await deps.db.transaction(async (tx) => {
        const log = new IncidentRepository(tx, { now: () => at });
        const current = await log.getIncident(incidentId);
        if (current === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `no incident ${incidentId}`, { incident: incidentId });
        // taking the lead acknowledges the incident (it stops the escalation clock)
        await log.updateIncident(incidentId, current.acknowledgedAt === null ? { lead: user, acknowledgedAt: at.toISOString() } : { lead: user }, user);
        await tx.query(sql('slack/lead-taken'), [incidentId, at.toISOString()]);
        return current.lead;
      });
      await say(incidentId, `lead:${incidentId}:${user}:${at.getTime()}`, `${mention(user)} is now the incident lead. Post an update in this thread every 20 to 30 minutes.`);
      return { previous };
    },

    async resolve(incidentId: string, user: string): Promise<boolean> {
      await mustBeApprover(deps.approvers, user, { incident: incidentId });
      const at = now();
      const { closed } = await deps.db.transaction((tx) => close(new IncidentRepository(tx, { now: () => at }), incidentId, 'resolved', user, at));
      if (closed) await say(incidentId, `resolved:${incidentId}`, `:white_check_mark: Resolved by ${mention(user)}.`);
      return closed;
    },

    /**
     * False positive: one verdict per linked alert on its rule, the incident closed as `false_positive`, the note
     * in the thread (with `note`, a human's words, also in the timeline), and the rule changes it implies proposed
     * as action runs (`runs`, in the order proposed) for approvers to approve like any other action. An incident
     * already closed changes nothing: `closed` is false and `status` says what it is.
     */
    async falsePositive(incidentId: string, user: string, note: string | null = null): Promise<FalsePositiveResult> {
      await mustBeApprover(deps.approvers, user, { incident: incidentId });
      const at = now();
      const result = await deps.db.transaction(async (tx) => {
        const log = new IncidentRepository(tx, { now: () => at });
        const { closed, status } = await close(log, incidentId, 'false_positive', user, at);
        if (!closed) return { closed, status, verdicts: [] as RuleVerdictCount[] };
        const alerts = await tx.query<{ id: number; rule: string; source: string }>(sql('slack/incident-alerts-for-verdict'), [incidentId]);
        // one verdict per alert, on its rule: what the false-positive rates are computed from
        for (const alert of alerts) await log.recordVerdict({ alertId: alert.id }, 'false_positive', user);
        if (note !== null) await addTimelineEntry(tx, { incidentId, at, actor: user, kind: 'false-positive-note', summary: `Marked false positive by ${user}: ${note}`, detail: { note } });
        return { closed, status, verdicts: countByRule(alerts) };
      });
      const rules = [...new Set(result.verdicts.map((verdict) => verdict.rule))];
      if (!result.closed) return { ...result, rules, proposed: [], runs: [], skipped: [] };
      const { proposals, skipped } = await ruleChangesFor(deps.db, incidentId, at);
      for (const change of skipped) {
        await addTimelineEntry(deps.db, { incidentId, at, actor: 'firebreak', kind: 'rule-change-not-proposed', summary: `${change.kind} of rule ${change.rule} not proposed: ${change.why}`, detail: { ...change } });
      }
      await say(incidentId, `false-positive:${incidentId}`, falsePositiveText(user, rules, skipped, note));
      const proposed = await recordProposals(
        deps.db,
        proposals.map((change) => ({ incidentId, playbookId: RULE_CHANGE_PLAYBOOK, actionId: change.actionId, title: change.title, kind: change.kind, risk: change.risk, spec: change.spec, notice: change.notice })),
        at,
      );
      const runs: ActionRun[] = [];
      for (const id of proposed) {
        const run = await getRun(deps.db, id);
        if (run === null) continue;
        runs.push(run);
        await deps.events.emit({ kind: 'proposed', run });
      }
      return { ...result, rules, proposed, runs, skipped };
    },
  };
}

export type IncidentDecisions = ReturnType<typeof createIncidentDecisions>;

/** The false-positive verdicts recorded on one rule: one per linked alert of that rule. */
export interface RuleVerdictCount {
  source: string;
  rule: string;
  alerts: number;
}

/** What a false positive did, for the Slack handler's outcome and the CLI's report. */
export interface FalsePositiveResult {
  closed: boolean;
  /** The incident's status now (`false_positive`, or what it was already closed as). */
  status: string;
  verdicts: RuleVerdictCount[];
  rules: string[];
  /** The ids of the rule changes proposed, and their runs (with title, risk and effect notice). */
  proposed: string[];
  runs: ActionRun[];
  skipped: SkippedRuleChange[];
}

function countByRule(alerts: ReadonlyArray<{ rule: string; source: string }>): RuleVerdictCount[] {
  const counts = new Map<string, RuleVerdictCount>();
  for (const { source, rule } of alerts) {
    const key = JSON.stringify([source, rule]);
    const count = counts.get(key) ?? { source, rule, alerts: 0 };
    count.alerts += 1;
    counts.set(key, count);
  }
  return [...counts.values()];
}

const SKIPPED_SHOWN = 12;

/**
 * The thread's note of a false positive: the rules the verdict counts against, the note of whoever marked it (the
 * CLI's `--note`; the button has none), and the rule changes not offered and why.
 */
function falsePositiveText(user: string, rules: string[], skipped: SkippedRuleChange[], note: string | null): string {
  const on = rules.length === 0 ? 'no alert rule (no linked alerts)' : rules.map((rule) => `\`${escapeText(truncate(rule, 120))}\``).join(', ');
  let text = `Marked *false positive* by ${mention(user)}. The verdict is recorded on ${on}; it counts toward each rule's false-positive rate.`;
  if (note !== null) text += ` _${escapeText(truncate(note, 500))}_`;
  if (skipped.length > 0) {
    const lines = skipped.slice(0, SKIPPED_SHOWN).map((change) => `• ${change.kind} of \`${escapeText(truncate(change.rule, 80))}\`: ${escapeText(change.why)}`);
    if (skipped.length > SKIPPED_SHOWN) lines.push(`• and ${skipped.length - SKIPPED_SHOWN} more (see the incident's timeline)`);
    text += `\nNot proposed:\n${lines.join('\n')}`;
  }
  return truncate(text, SLACK_LIMITS.sectionText);
}
