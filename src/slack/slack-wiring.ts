import type { WebClient } from '@slack/web-api';
import type { ActionProposals } from '../../agents/ports/action-proposals.js';
import type { Clock } from '../../agents/ports/clock.js';
import type { IncidentNotifier } from '../../agents/ports/incident-notifier.js';
import type { ActionEvent, ActionEvents, ApproverCheck } from '../actions/action-events.js';
import { createActionService, type ActionService } from '../actions/action-service.js';
import { createProposalRecorder } from '../actions/propose-actions.js';
import type { Config } from '../config/schema.js';
import { FirebreakError } from '../errors/catalogue.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Db } from '../store/db.js';
import { createApprovers } from './approvers.js';
import { createIncidentDecisions, type IncidentDecisions } from './incident-decisions.js';
import { createSlackActionEvents } from './slack-action-events.js';
import { createSlackClient } from './slack-client.js';
import { createLoggingNotifier, createSlackNotifier } from './slack-notifier.js';
import { createSlackOutbox, type SlackOutbox } from './slack-outbox.js';

/** What the Slack side needs of the daemon: a DaemonContext fits, and so does a CLI's store + config. */
export interface SlackContext {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  /** The daemon's metrics (action runs, Slack calls); the CLI goes without. */
  metrics?: Metrics;
}

/** The parts of the Slack side, built from one context. `client` and `outbox` are null when Slack is off. */
export interface SlackParts {
  client: WebClient | null;
  outbox: SlackOutbox | null;
  events: ActionEvents;
  approvers: ApproverCheck;
  actions: ActionService;
  decisions: IncidentDecisions;
  now: () => Date;
}

/** Slack is on when SLACK_BOT_TOKEN is set; then SLACK_CHANNEL is required. */
export function slackEnabled(config: Config): boolean {
  if (config.SLACK_BOT_TOKEN === undefined) return false;
  if (config.SLACK_CHANNEL === undefined) {
    throw new FirebreakError('FB_ERR_CONFIG_INVALID', 'SLACK_CHANNEL: required when SLACK_BOT_TOKEN is set');
  }
  return true;
}

/** Builds the Slack side for a context (cheap: no connection is opened until a call is made). */
export function createSlackParts(context: SlackContext): SlackParts {
  const now = () => (context.clock ?? { now: () => new Date() }).now();
  const { config } = context;
  const enabled = slackEnabled(config);
  const client = enabled ? createSlackClient(config) : null;
  const outbox = enabled ? createSlackOutbox({ db: context.db, channel: config.SLACK_CHANNEL ?? '', now, batchS: config.FIREBREAK_SLACK_BATCH_S }) : null;
  const events = outbox !== null ? createSlackActionEvents(outbox) : loggingActionEvents(context.logger);
  const approvers = createApprovers({ users: config.SLACK_APPROVERS, group: config.SLACK_APPROVER_GROUP, client });
  const actions = createActionService({ db: context.db, config, approvers, events, logger: context.logger, now, ...(context.metrics ? { metrics: context.metrics } : {}) });
  const decisions = createIncidentDecisions({ db: context.db, outbox, events, approvers, now });
  return { client, outbox, events, approvers, actions, decisions, now };
}

/**
 * The IncidentNotifier the triage worker is given: Slack when SLACK_BOT_TOKEN is set (an outbox in the store,
 * delivered by the worker's Slack loop), otherwise one that logs (the CLI lists incidents and proposals).
 * @example const notifier = createIncidentNotifier(context)
 */
export function createIncidentNotifier(context: SlackContext): IncidentNotifier {
  const parts = createSlackParts(context);
  if (parts.outbox === null) return createLoggingNotifier(context.logger);
  return createSlackNotifier({ db: context.db, outbox: parts.outbox, escalationGroup: context.config.SLACK_ESCALATION_GROUP, logger: context.logger, now: parts.now });
}

/**
 * The ActionProposals the triage worker is given: proposals recorded once per incident and attempt, and shown on
 * the incident's Slack message when Slack is on.
 */
export function createActionProposals(context: SlackContext): ActionProposals {
  const parts = createSlackParts(context);
  return createProposalRecorder({ db: context.db, events: parts.events, logger: context.logger });
}

function loggingActionEvents(logger: Logger): ActionEvents {
  return {
    async emit(event: ActionEvent) {
      logger.info({ run: event.run.id, incident: event.run.incidentId, event: event.kind, status: event.run.status }, 'action run event');
    },
  };
}
