import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The fields of a `block_actions` payload Firebreak reads (PROTOCOL-FACTS.md); the rest is kept, unread. */
export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  user: z.looseObject({ id: z.string().min(1), username: z.string().optional(), name: z.string().optional() }),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z.looseObject({ channel_id: z.string().optional(), message_ts: z.string().optional() }).optional(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional(), action_ts: z.string().optional() })).min(1),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

/** A `view_submission` of the declare-incident modal. */
export const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  user: z.looseObject({ id: z.string().min(1) }),
  view: z.looseObject({
    id: z.string().optional(),
    callback_id: z.string().optional(),
    private_metadata: z.string().optional(),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ value: z.string().nullish(), selected_option: z.looseObject({ value: z.string() }).nullish() }))) }),
  }),
});
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

/**
 * The key an interaction is recorded under: the same click gives the same key however often Slack retries it
 * (X-Slack-Retry-Num) or anyone replays it, and two clicks (a double click) give two keys.
 */
export function interactionKey(payload: BlockActions): string {
  const action = payload.actions[0]!;
  const identity = [payload.user.id, action.action_id, action.value ?? '', action.action_ts ?? '', payload.container?.message_ts ?? ''].join('\u0000');
  return createHash('sha256').update(identity).digest('hex').slice(0, 40);
}

/** The channel an interaction came from, for ephemeral answers. */
export function interactionChannel(payload: BlockActions): string | null {
  return payload.channel?.id ?? payload.container?.channel_id ?? null;
}
