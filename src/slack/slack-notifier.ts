import type { IncidentNotifier, IncidentUpdate } from '../../agents/ports/incident-notifier.js';
import type { Logger } from '../logging/logger.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { externalDraftMessage, incidentStartedNotice } from './communication.js';
import { loadIncidentView } from './incident-view.js';
import { escapeText, groupMention } from './mrkdwn.js';
import type { SlackOutbox } from './slack-outbox.js';
import { createHash } from 'node:crypto';

/**
 * The IncidentNotifier on Slack. It only writes the outbox (durable, once per incident and event) and returns; the
 * dispatcher in the worker posts. Opening posts the incident message, then in its thread the internal "incident
 * started" notice and the draft of the customer communication; updates go to the thread (batched) and edit the top
 * message; escalation mentions the escalation group once.
 */
export function createSlackNotifier(deps: { db: Db; outbox: SlackOutbox; escalationGroup: string | undefined; logger: Logger; now?: () => Date }): IncidentNotifier {
  const now = deps.now ?? (() => new Date());
  return {
    async incidentOpened(incidentId: string): Promise<void> {
      const view = await loadIncidentView(deps.db, incidentId);
      if (view === null) return;
      await deps.outbox.openIncident(incidentId);
      await deps.outbox.thread(incidentId, `started:${incidentId}`, incidentStartedNotice(view), undefined, { immediate: true });
      await deps.outbox.thread(incidentId, `draft:${incidentId}`, externalDraftMessage(view, view.communication), undefined, { immediate: true });
    },

    async incidentUpdated(incidentId: string, update: IncidentUpdate): Promise<void> {
      // Said for every alert joining an incident, under the triage lock: one statement, not waited for.
      await deps.outbox.threadUpdate(incidentId, updateKey(incidentId, update), updateText(update));
    },

    async escalate(incidentId: string, reason: string): Promise<void> {
      if (!(await deps.outbox.hasMessage(incidentId))) await deps.outbox.openIncident(incidentId);
      const started = await deps.db.query(sql('slack/start-escalation'), [incidentId, now().toISOString()]);
      if (started.length === 0) return;
      const who = deps.escalationGroup === undefined ? 'the on-call team' : groupMention(deps.escalationGroup);
      await deps.outbox.thread(incidentId, `escalate:${incidentId}:1`, `:rotating_light: Escalating to ${who}: ${escapeText(reason)}. Take the lead to acknowledge.`, undefined, { immediate: true });
      deps.logger.info({ incident: incidentId }, 'incident escalated');
    },
  };
}

function updateKey(incidentId: string, update: IncidentUpdate): string {
  switch (update.kind) {
    case 'alert-joined':
    case 'alert-resolved':
      return `${update.kind}:${incidentId}:${update.alertId}`;
    case 'severity-raised':
      return `severity:${incidentId}:${update.from}:${update.to}`;
    case 'note':
      return `note:${incidentId}:${createHash('sha256').update(update.text).digest('hex').slice(0, 24)}`;
  }
}

function updateText(update: IncidentUpdate): string {
  switch (update.kind) {
    case 'alert-joined':
      return `:heavy_plus_sign: Alert joined: ${escapeText(update.title)}`;
    case 'alert-resolved':
      return `:white_check_mark: Alert resolved: ${escapeText(update.title)}`;
    case 'severity-raised':
      return `:arrow_up: Severity raised from ${update.from} to *${update.to}*`;
    case 'note':
      return escapeText(update.text);
  }
}

/** The notifier without Slack: logs what it would say; the CLI lists incidents and proposals from the store. */
export function createLoggingNotifier(logger: Logger): IncidentNotifier {
  return {
    async incidentOpened(incidentId) {
      logger.info({ incident: incidentId }, 'incident opened (Slack is not configured)');
    },
    async incidentUpdated(incidentId, update) {
      // An alert joining or resolving is already in the worker's "alert triaged" line for that alert; said again
      // here at info, a storm wrote two lines per alert, each a write on the thread that decides.
      const perAlert = update.kind === 'alert-joined' || update.kind === 'alert-resolved';
      logger[perAlert ? 'debug' : 'info']({ incident: incidentId, update: update.kind }, 'incident updated (Slack is not configured)');
    },
    async escalate(incidentId, reason) {
      logger.warn({ incident: incidentId, reason }, 'incident escalation (Slack is not configured)');
    },
  };
}
