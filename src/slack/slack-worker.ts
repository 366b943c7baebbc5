import { createInteractionHandler } from './interaction-handler.js';
import { createOutboxDispatcher } from './outbox-dispatcher.js';
import { createPracticeClock } from './practice-clock.js';
import { createSlackParts, type SlackContext } from './slack-wiring.js';

/** The Slack worker's loop, built for one context; `runOnce` is what each tick does (tests call it directly). */
export function createSlackLoop(context: SlackContext) {
  const parts = createSlackParts(context);
  const { client, outbox } = parts;
  const { config, db, logger } = context;
  const interactions = client !== null && outbox !== null ? createInteractionHandler({ db, actions: parts.actions, decisions: parts.decisions, outbox, logger, now: parts.now }) : null;
  const dispatcher = client !== null ? createOutboxDispatcher({ db, client, logger, now: parts.now, batchS: config.FIREBREAK_SLACK_BATCH_S, ...(context.metrics ? { metrics: context.metrics } : {}) }) : null;
  const practice =
    client !== null && outbox !== null
      ? createPracticeClock({
          db,
          client,
          outbox,
          logger,
          leadUpdateS: config.FIREBREAK_LEAD_UPDATE_S,
          escalationAfterS: config.FIREBREAK_ESCALATION_AFTER_S,
          secondGroup: config.SLACK_ESCALATION_GROUP_2,
          directUsers: config.SLACK_ESCALATION_USERS.length > 0 ? config.SLACK_ESCALATION_USERS : config.SLACK_APPROVERS,
          now: parts.now,
        })
      : null;
  return {
    parts,
    /** Interactions first (a click is answered soonest), then the clocks, then delivery of all that was said. */
    async runOnce(options: { clocks?: boolean } = {}) {
      const handled = interactions === null ? 0 : await interactions.runOnce();
      let clocks = { reminded: 0, escalated: 0, followups: 0, resumed: 0 };
      if (options.clocks !== false) {
        const resumed = await parts.actions.resumeApproved();
        const followups = client === null ? 0 : await parts.actions.askDueFollowups();
        const practiced = practice === null ? { reminded: 0, escalated: 0 } : await practice.runOnce();
        clocks = { ...practiced, followups, resumed };
      }
      const delivered = dispatcher === null ? { sent: 0, recovered: 0, edited: 0 } : await dispatcher.runOnce();
      return { handled, ...clocks, ...delivered };
    },
  };
}

/**
 * Starts the Slack loop of the worker role: handles recorded interactions, runs the practice's clocks (lead
 * reminders, second escalation, "did it work?" follow-ups, approved runs left behind) and delivers the outbox.
 * Every step claims its rows in the store, so any number of workers can run it side by side. Without Slack it
 * still resumes approved runs (CLI approvals).
 * @example const loop = startSlackWorker(context); ...; await loop.stop();
 */
export function startSlackWorker(context: SlackContext, options: { pollMs?: number; clocksEveryMs?: number } = {}): { stop(): Promise<void> } {
  const loop = createSlackLoop(context);
  const pollMs = options.pollMs ?? 500;
  const clocksEveryMs = options.clocksEveryMs ?? 15_000;
  let stopped = false;
  let lastClocks = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    const clocks = Date.now() - lastClocks >= clocksEveryMs;
    if (clocks) lastClocks = Date.now();
    try {
      await loop.runOnce({ clocks });
    } catch (error) {
      context.logger.error({ err: error }, 'slack loop round failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, pollMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await running;
    },
  };
}
