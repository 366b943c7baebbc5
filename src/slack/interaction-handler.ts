import type { ActionService } from '../actions/action-service.js';
import { isFirebreakError } from '../errors/catalogue.js';
import type { Logger } from '../logging/logger.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { ACTION_IDS } from './incident-blocks.js';
import type { IncidentDecisions } from './incident-decisions.js';
import { blockActionsSchema, interactionChannel, type BlockActions } from './interaction-payload.js';
import type { SlackOutbox } from './slack-outbox.js';

/**
 * Handles the interactions the HTTP endpoint recorded, in the worker (the endpoint answered Slack at once). Each
 * recorded interaction is claimed by one worker and handled once; what a user may not do is refused with an
 * ephemeral message and changes nothing.
 */
export function createInteractionHandler(deps: { db: Db; actions: ActionService; decisions: IncidentDecisions; outbox: SlackOutbox; logger: Logger; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function tellUser(payload: BlockActions, key: string, text: string): Promise<void> {
    const channel = interactionChannel(payload);
    if (channel !== null) await deps.outbox.ephemeral(channel, payload.user.id, `ephemeral:${key}`, text);
  }

  async function handle(key: string, payload: BlockActions): Promise<string> {
    const action = payload.actions[0]!;
    const user = payload.user.id;
    const target = action.value ?? '';
    try {
      switch (action.action_id) {
        case ACTION_IDS.approve: {
          const result = await deps.actions.approve(target, user);
          if (result.outcome === 'awaiting-second-approver') await tellUser(payload, key, `Your approval of ${target} is recorded. It is high risk: it runs when a second approver agrees.`);
          return result.outcome;
        }
        case ACTION_IDS.reject:
          return (await deps.actions.reject(target, user)).outcome;
        case ACTION_IDS.worked:
        case ACTION_IDS.notWorked:
          await deps.actions.recordWorked(target, action.action_id === ACTION_IDS.worked, user);
          return 'worked-recorded';
        case ACTION_IDS.takeLead:
          await deps.decisions.takeLead(target, user);
          return 'lead-taken';
        // approvers only: the decisions check it (FB_ERR_ACTION_NOT_ALLOWED, answered below), as for the CLI
        case ACTION_IDS.resolve:
          return (await deps.decisions.resolve(target, user)) ? 'resolved' : 'already-closed';
        case ACTION_IDS.falsePositive:
          return (await deps.decisions.falsePositive(target, user)).closed ? 'false-positive' : 'already-closed';
        default:
          return 'ignored';
      }
    } catch (error) {
      if (isFirebreakError(error, 'FB_ERR_ACTION_NOT_ALLOWED')) {
        await tellUser(payload, key, 'Only the configured approvers may do that; nothing was changed.');
        return 'not-allowed';
      }
      if (isFirebreakError(error, 'FB_ERR_ACTION_STATE') || isFirebreakError(error, 'FB_ERR_NOT_FOUND')) {
        await tellUser(payload, key, `${error.message}; nothing was changed.`);
        return error.code === 'FB_ERR_NOT_FOUND' ? 'not-found' : 'already-decided';
      }
      throw error;
    }
  }

  return {
    /** Handles the pending interactions; returns how many. */
    async runOnce(): Promise<number> {
      const rows = await deps.db.query<{ key: string; payload: unknown }>(sql('slack/claim-interactions'), [now().toISOString()]);
      for (const row of rows) {
        const parsed = blockActionsSchema.safeParse(row.payload);
        if (!parsed.success) {
          await deps.db.query(sql('slack/interaction-outcome'), [row.key, 'failed', 'not a block_actions payload']);
          continue;
        }
        try {
          const outcome = await handle(row.key, parsed.data);
          await deps.db.query(sql('slack/interaction-outcome'), [row.key, 'done', outcome]);
          deps.logger.info({ interaction: row.key, user: parsed.data.user.id, action: parsed.data.actions[0]?.action_id, outcome }, 'slack interaction handled');
        } catch (error) {
          deps.logger.error({ err: error, interaction: row.key }, 'slack interaction failed');
          await deps.db.query(sql('slack/interaction-outcome'), [row.key, 'failed', (error as Error).message.slice(0, 300)]);
        }
      }
      return rows.length;
    },
  };
}
