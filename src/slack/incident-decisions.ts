import type { ActionEvents } from '../actions/action-events.js';
import { addTimelineEntry, getRun } from '../actions/action-run.js';
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
 * rule change it implies proposed for approval). Each lands in the timeline and in the thread.
 */
export function createIncidentDecisions(deps: { db: Db; outbox: SlackOutbox | null; events: ActionEvents; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function say(incidentId: string, key: string, text: string): Promise<void> {
    if (deps.outbox === null) return;
    await deps.outbox.thread(incidentId, key, text, undefined, { immediate: true });
    await deps.outbox.markChanged(incidentId);
  }

  /** Closes an open or mitigated incident through the incident log (the time and the timeline come with it). */
  async function close(log: IncidentRepository, incidentId: string, status: 'resolved' | 'false_positive', user: string, at: Date): Promise<boolean> {
    const current = await log.getIncident(incidentId);
    if (current === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `no incident ${incidentId}`, { incident: incidentId });
    if (current.status !== 'open' && current.status !== 'mitigated') return false;
    const patch = current.acknowledgedAt === null ? { status, acknowledgedAt: at.toISOString() } : { status };
    // under the incident's lock a second, concurrent close finds nothing to change
    return (await log.updateIncident(incidentId, patch, user)).some((change) => change.field === 'status');
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
      const at = now();
      const closed = await deps.db.transaction((tx) => close(new IncidentRepository(tx, { now: () => at }), incidentId, 'resolved', user, at));
      if (closed) await say(incidentId, `resolved:${incidentId}`, `:white_check_mark: Resolved by ${mention(user)}.`);
      return closed;
    },

    async falsePositive(incidentId: string, user: string): Promise<{ closed: boolean; rules: string[]; proposed: string[]; skipped: SkippedRuleChange[] }> {
      const at = now();
      const result = await deps.db.transaction(async (tx) => {
        const log = new IncidentRepository(tx, { now: () => at });
        if (!(await close(log, incidentId, 'false_positive', user, at))) return { closed: false, rules: [] as string[] };
        const alerts = await tx.query<{ id: number; rule: string }>(sql('slack/incident-alerts-for-verdict'), [incidentId]);
        // one verdict per alert, on its rule: what the false-positive rates are computed from
        for (const alert of alerts) await log.recordVerdict({ alertId: alert.id }, 'false_positive', user);
        return { closed: true, rules: [...new Set(alerts.map((alert) => alert.rule))] };
      });
      if (!result.closed) return { ...result, proposed: [], skipped: [] };
      const { proposals, skipped } = await ruleChangesFor(deps.db, incidentId, at);
      for (const change of skipped) {
        await addTimelineEntry(deps.db, { incidentId, at, actor: 'firebreak', kind: 'rule-change-not-proposed', summary: `${change.kind} of rule ${change.rule} not proposed: ${change.why}`, detail: { ...change } });
      }
      await say(incidentId, `false-positive:${incidentId}`, falsePositiveText(user, result.rules, skipped));
      const proposed = await recordProposals(
        deps.db,
        proposals.map((change) => ({ incidentId, playbookId: RULE_CHANGE_PLAYBOOK, actionId: change.actionId, title: change.title, kind: change.kind, risk: change.risk, spec: change.spec, notice: change.notice })),
        at,
      );
      for (const id of proposed) {
        const run = await getRun(deps.db, id);
        if (run !== null) await deps.events.emit({ kind: 'proposed', run });
      }
      return { ...result, proposed, skipped };
    },
  };
}

export type IncidentDecisions = ReturnType<typeof createIncidentDecisions>;

const SKIPPED_SHOWN = 12;

/** The thread's note of a false positive: the rules the verdict counts against, and the rule changes not offered and why. */
function falsePositiveText(user: string, rules: string[], skipped: SkippedRuleChange[]): string {
  const on = rules.length === 0 ? 'no alert rule (no linked alerts)' : rules.map((rule) => `\`${escapeText(truncate(rule, 120))}\``).join(', ');
  let text = `Marked *false positive* by ${mention(user)}. The verdict is recorded on ${on}; it counts toward each rule's false-positive rate.`;
  if (skipped.length > 0) {
    const lines = skipped.slice(0, SKIPPED_SHOWN).map((change) => `• ${change.kind} of \`${escapeText(truncate(change.rule, 80))}\`: ${escapeText(change.why)}`);
    if (skipped.length > SKIPPED_SHOWN) lines.push(`• and ${skipped.length - SKIPPED_SHOWN} more (see the incident's timeline)`);
    text += `\nNot proposed:\n${lines.join('\n')}`;
  }
  return truncate(text, SLACK_LIMITS.sectionText);
}
