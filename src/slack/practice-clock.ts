import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { groupMention, mention } from './mrkdwn.js';
import type { SlackOutbox } from './slack-outbox.js';

const CHECK_EVERY_MS = 60_000;

/**
 * The practice's clocks, run by the worker: a lead who posted no update in the thread for FIREBREAK_LEAD_UPDATE_S
 * is reminded (the thread is read with conversations.replies to find their last message); a critical incident
 * nobody acknowledged FIREBREAK_ESCALATION_AFTER_S after its first escalation is escalated again (the second group,
 * and direct messages). Each step is claimed in the store, so several workers remind and escalate once.
 */
export function createPracticeClock(deps: {
  db: Db;
  client: WebClient;
  outbox: SlackOutbox;
  logger: Logger;
  leadUpdateS: number;
  escalationAfterS: number;
  secondGroup: string | undefined;
  directUsers: readonly string[];
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());

  async function remindLeads(): Promise<number> {
    const at = now();
    const due = new Date(at.getTime() - deps.leadUpdateS * 1000);
    const rows = await deps.db.query<{ incident_id: string; channel: string; ts: string; lead_since: string; lead: string }>(sql('slack/claim-lead-checks'), [
      at.toISOString(),
      due.toISOString(),
      new Date(at.getTime() - CHECK_EVERY_MS).toISOString(),
    ]);
    let reminded = 0;
    for (const row of rows) {
      let lastUpdate = Date.parse(row.lead_since);
      try {
        const replies = await deps.client.conversations.replies({ channel: row.channel, ts: row.ts, limit: 200 });
        for (const message of replies.messages ?? []) {
          if (message.user === row.lead && message.ts !== undefined) lastUpdate = Math.max(lastUpdate, Number(message.ts) * 1000);
        }
      } catch (error) {
        deps.logger.warn({ incident: row.incident_id, err: error }, 'could not read the thread for lead updates');
        continue;
      }
      if (at.getTime() - lastUpdate < deps.leadUpdateS * 1000) continue;
      const minutes = Math.round((at.getTime() - lastUpdate) / 60_000);
      const bucket = Math.floor(at.getTime() / (deps.leadUpdateS * 1000));
      await deps.outbox.thread(row.incident_id, `remind:${row.incident_id}:${bucket}`, `:hourglass: ${mention(row.lead)}, no update in this thread for ${minutes} minutes. Please post where the investigation stands (the practice: every 20 to 30 minutes).`, undefined, { immediate: true });
      await deps.db.query(sql('slack/lead-reminded'), [row.incident_id, at.toISOString()]);
      reminded += 1;
    }
    return reminded;
  }

  async function escalateAgain(): Promise<number> {
    const at = now();
    const rows = await deps.db.query<{ incident_id: string }>(sql('slack/claim-second-escalations'), [at.toISOString(), new Date(at.getTime() - deps.escalationAfterS * 1000).toISOString()]);
    for (const { incident_id: incidentId } of rows) {
      const minutes = Math.round(deps.escalationAfterS / 60);
      const who = deps.secondGroup === undefined ? 'everyone on call' : groupMention(deps.secondGroup);
      await deps.outbox.thread(incidentId, `escalate:${incidentId}:2`, `:rotating_light: Nobody acknowledged this critical incident in ${minutes} minutes. Escalating to ${who}. Take the lead to acknowledge.`, undefined, { immediate: true });
      for (const user of deps.directUsers) {
        await deps.outbox.direct(user, `escalate:${incidentId}:dm:${user}`, `:rotating_light: Critical incident ${incidentId} has not been acknowledged for ${minutes} minutes. Please open the incident thread in the on-call channel and take the lead.`, incidentId);
      }
      deps.logger.warn({ incident: incidentId }, 'incident escalated again: nobody acknowledged');
    }
    return rows.length;
  }

  return {
    async runOnce(): Promise<{ reminded: number; escalated: number }> {
      return { reminded: await remindLeads(), escalated: await escalateAgain() };
    },
  };
}
