import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import type { Block } from './incident-blocks.js';

/**
 * Writing to the Slack outbox: records what must be said, durably and once per dedupe key, and returns. Nothing
 * here calls Slack; the dispatcher delivers. A dedupe key names the event (`incident:INC-0001`,
 * `alert-joined:INC-0001:42`), so a retried job or a second worker saying the same thing adds nothing.
 */
export function createSlackOutbox(deps: { db: Db; channel: string; now?: () => Date; batchS?: number }) {
  const now = deps.now ?? (() => new Date());
  const batchMs = (deps.batchS ?? 0) * 1000;

  async function enqueue(row: { key: string; incidentId: string | null; kind: 'incident' | 'thread' | 'direct' | 'ephemeral'; channel?: string | null; userId?: string | null; text: string; blocks?: Block[] | null; delayMs?: number }): Promise<boolean> {
    const at = now();
    const rows = await deps.db.query(sql('slack/enqueue'), [
      row.key,
      row.incidentId,
      row.kind,
      row.channel ?? null,
      row.userId ?? null,
      row.text,
      row.blocks ? JSON.stringify(row.blocks) : null,
      new Date(at.getTime() + (row.delayMs ?? 0)).toISOString(),
      at.toISOString(),
    ]);
    return rows.length > 0;
  }

  return {
    channel: deps.channel,
    /** The incident's top message, posted once (its content is rendered from the store when it is sent). */
    async openIncident(incidentId: string): Promise<boolean> {
      await deps.db.query(sql('slack/ensure-message'), [incidentId, deps.channel]);
      return enqueue({ key: `incident:${incidentId}`, incidentId, kind: 'incident', text: '' });
    },
    /** A reply in the incident's thread; replies within the batch window go out as one message. */
    async thread(incidentId: string, key: string, text: string, blocks?: Block[], options: { immediate?: boolean } = {}): Promise<boolean> {
      return enqueue({ key, incidentId, kind: 'thread', text, blocks: blocks ?? null, delayMs: options.immediate ? 0 : batchMs });
    },
    /** A direct message to a user (escalation). */
    async direct(user: string, key: string, text: string, incidentId: string | null = null): Promise<boolean> {
      return enqueue({ key, incidentId, kind: 'direct', channel: user, text });
    },
    /** A message only `user` sees in `channel` (a refusal, a confirmation). */
    async ephemeral(channel: string, user: string, key: string, text: string): Promise<boolean> {
      return enqueue({ key, incidentId: null, kind: 'ephemeral', channel, userId: user, text });
    },
    /** The incident changed: edit its top message (batched: one edit for a burst of changes). */
    async markChanged(incidentId: string): Promise<void> {
      const at = now();
      await deps.db.query(sql('slack/mark-dirty'), [incidentId, at.toISOString(), new Date(at.getTime() + batchMs).toISOString()]);
    },
    /**
     * A batched reply in the incident's thread and the edit of its top message, as thread then markChanged (and
     * openIncident first when it has no message yet), in one statement whose rows are not read.
     */
    async threadUpdate(incidentId: string, key: string, text: string): Promise<void> {
      const at = now();
      const due = new Date(at.getTime() + batchMs).toISOString();
      await deps.db.execute(sql('slack/thread-update'), [incidentId, key, text, due, at.toISOString(), due, deps.channel]);
    },
    /** Whether the incident has a Slack message (posted or about to be). */
    async hasMessage(incidentId: string): Promise<boolean> {
      return (await deps.db.query(sql('slack/get-message'), [incidentId])).length > 0;
    },
  };
}

export type SlackOutbox = ReturnType<typeof createSlackOutbox>;
