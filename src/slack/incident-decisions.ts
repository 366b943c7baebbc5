import type { ActionEvents } from '../actions/action-events.js';
import { addTimelineEntry, getRun } from '../actions/action-run.js';
import { recordProposals } from '../actions/propose-actions.js';
import { RULE_CHANGE_PLAYBOOK, ruleChangesFor } from '../actions/rule-change.js';
import { FirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { escapeText, mention } from './mrkdwn.js';
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

  return {
    async takeLead(incidentId: string, user: string): Promise<{ previous: string | null }> {
      const at = now();
      const [row] = await deps.db.transaction(async (tx) => {
        const rows = await tx.query<{ previous_lead: string | null; status: string }>(sql('slack/set-lead'), [incidentId, user, at.toISOString()]);
        if (rows.length === 0) throw new FirebreakError('FB_ERR_NOT_FOUND', `no incident ${incidentId}`, { incident: incidentId });
        await tx.query(sql('slack/lead-taken'), [incidentId, at.toISOString()]);
        await addTimelineEntry(tx, { incidentId, at, actor: user, kind: 'lead-changed', summary: `${user} took the lead${rows[0]?.previous_lead ? ` from ${rows[0].previous_lead}` : ''}`, detail: { lead: user, previous: rows[0]?.previous_lead ?? null } });
        return rows;
      });
      await say(incidentId, `lead:${incidentId}:${user}:${at.getTime()}`, `${mention(user)} is now the incident lead. Post an update in this thread every 20 to 30 minutes.`);
      return { previous: row?.previous_lead ?? null };
    },

    async resolve(incidentId: string, user: string): Promise<boolean> {
      const at = now();
      const closed = await deps.db.transaction(async (tx) => {
        const rows = await tx.query(sql('slack/close-incident'), [incidentId, 'resolved', at.toISOString()]);
        if (rows.length > 0) await addTimelineEntry(tx, { incidentId, at, actor: user, kind: 'resolved', summary: `resolved by ${user}` });
        return rows.length > 0;
      });
      if (closed) await say(incidentId, `resolved:${incidentId}`, `:white_check_mark: Resolved by ${mention(user)}.`);
      return closed;
    },

    async falsePositive(incidentId: string, user: string): Promise<{ closed: boolean; rules: string[]; proposed: string[] }> {
      const at = now();
      const result = await deps.db.transaction(async (tx) => {
        const closed = (await tx.query(sql('slack/close-incident'), [incidentId, 'false_positive', at.toISOString()])).length > 0;
        if (!closed) return { closed, rules: [] as string[] };
        const alerts = await tx.query<{ id: number; rule: string; source: string; labels: Record<string, string>; title: string }>(sql('slack/incident-alerts-for-verdict'), [incidentId]);
        for (const alert of alerts) {
          await tx.query(sql('slack/insert-verdict'), [`incident:${incidentId}:alert:${alert.id}`, alert.rule, alert.source, alert.id, JSON.stringify(alert.labels), alert.title, 'false_positive', user, at.toISOString()]);
        }
        const rules = [...new Set(alerts.map((alert) => alert.rule))];
        await addTimelineEntry(tx, { incidentId, at, actor: user, kind: 'false-positive', summary: `marked false positive by ${user}; verdict on ${rules.length} rule(s)`, detail: { rules } });
        return { closed, rules };
      });
      if (!result.closed) return { ...result, proposed: [] };
      await say(incidentId, `false-positive:${incidentId}`, `Marked *false positive* by ${mention(user)}. The verdict is recorded on ${result.rules.length === 0 ? 'no alert rule (no linked alerts)' : result.rules.map((rule) => `\`${escapeText(rule)}\``).join(', ')}; it counts toward each rule's false-positive rate.`);
      const changes = await ruleChangesFor(deps.db, incidentId, at);
      const proposed = await recordProposals(
        deps.db,
        changes.map((change) => ({ incidentId, playbookId: RULE_CHANGE_PLAYBOOK, actionId: change.actionId, title: change.title, kind: 'silence' as const, risk: 'medium' as const, spec: change.spec, notice: change.notice })),
        at,
      );
      for (const id of proposed) {
        const run = await getRun(deps.db, id);
        if (run !== null) await deps.events.emit({ kind: 'proposed', run });
      }
      return { ...result, proposed };
    },
  };
}

export type IncidentDecisions = ReturnType<typeof createIncidentDecisions>;
