import { randomUUID } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { incidentBlocks, incidentText, type Block } from './incident-blocks.js';
import { loadIncidentView } from './incident-view.js';
import { classifySlackError, type SlackFailure } from './slack-client.js';

/** The metadata event type that marks Firebreak's posts, so a post whose response was lost can be found again. */
export const OUTBOX_EVENT_TYPE = 'firebreak_outbox';
const CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 12;
const BATCH_LIMIT = 50;
/** The text of one thread reply; a batch is claimed to fit (Slack advises at most 4,000 characters a message). */
const THREAD_TEXT_LIMIT = 3000;

interface OutboxRow {
  id: number;
  dedupe_key: string;
  incident_id: string | null;
  kind: 'incident' | 'thread' | 'direct' | 'ephemeral';
  channel: string | null;
  user_id: string | null;
  text: string;
  blocks: Block[] | null;
  claim_token: string;
  attempts: number;
  created_at: string;
}

interface MessageRow {
  incident_id: string;
  channel: string;
  ts: string | null;
}

/**
 * Delivers the Slack outbox. Each call of `runOnce` claims due rows with SKIP LOCKED (several workers never take the
 * same row), posts them (a thread's rows for one incident as one message: a burst does not flood the thread), edits
 * top messages whose incident changed, and settles each claim: sent; 429 back to pending after Retry-After; 5xx or a
 * lost response looked up by message metadata before being posted again; refused for good marked failed.
 */
export function createOutboxDispatcher(deps: { db: Db; client: WebClient; logger: Logger; now?: () => Date; batchS?: number; metrics?: Pick<Metrics, 'slackCalls'> }) {
  const now = deps.now ?? (() => new Date());
  const count = (method: string, outcome: 'ok' | 'error' | 'rate_limited') => deps.metrics?.slackCalls.inc({ method, outcome });
  const methodOf = (kind: OutboxRow['kind']) => (kind === 'ephemeral' ? 'chat.postEphemeral' : 'chat.postMessage');

  async function channelOf(row: OutboxRow): Promise<MessageRow | null> {
    if (row.incident_id === null) return null;
    const [message] = await deps.db.query<MessageRow>(sql('slack/get-message'), [row.incident_id]);
    return message ?? null;
  }

  async function post(group: OutboxRow[]): Promise<void> {
    const head = group[0]!;
    const token = head.claim_token;
    const metadata = { event_type: OUTBOX_EVENT_TYPE, event_payload: { claim: token, incident: head.incident_id ?? '' } };
    if (head.kind === 'ephemeral') {
      await deps.client.chat.postEphemeral({ channel: head.channel ?? '', user: head.user_id ?? '', text: head.text, ...(head.blocks ? { blocks: head.blocks as never } : {}) });
      await deps.db.query(sql('slack/mark-sent'), [token, null, now().toISOString()]);
      return;
    }
    if (head.kind === 'direct') {
      const result = await deps.client.chat.postMessage({ channel: head.channel ?? '', text: head.text, metadata, ...(head.blocks ? { blocks: head.blocks as never } : {}) });
      await deps.db.query(sql('slack/mark-sent'), [token, result.ts ?? null, now().toISOString()]);
      return;
    }
    const message = await channelOf(head);
    if (message === null) throw new Error(`no Slack message record for ${head.incident_id}`);
    if (head.kind === 'incident') {
      const renderedAt = now();
      const view = await loadIncidentView(deps.db, head.incident_id ?? '');
      if (view === null) throw new Error(`no incident ${head.incident_id}`);
      const result = await deps.client.chat.postMessage({ channel: message.channel, text: incidentText(view), blocks: incidentBlocks(view) as never, metadata, unfurl_links: false });
      await deps.db.transaction(async (tx) => {
        await tx.query(sql('slack/mark-sent'), [token, result.ts ?? null, now().toISOString()]);
        await tx.query(sql('slack/message-posted'), [head.incident_id, result.ts ?? null, now().toISOString(), renderedAt.toISOString()]);
      });
      return;
    }
    // thread: every row of the claim in one reply
    const text = group.map((row) => row.text).join('\n');
    const blocks = group.flatMap((row) => row.blocks ?? []);
    const result = await deps.client.chat.postMessage({
      channel: message.channel,
      thread_ts: message.ts ?? '',
      text: text.slice(0, THREAD_TEXT_LIMIT), // only a single row longer than the limit is cut
      metadata,
      unfurl_links: false,
      ...(blocks.length > 0 ? { blocks: blocks.slice(0, 50) as never } : {}),
    });
    await deps.db.query(sql('slack/mark-sent'), [token, result.ts ?? null, now().toISOString()]);
  }

  async function settleFailure(group: OutboxRow[], error: unknown): Promise<void> {
    const head = group[0]!;
    const failure: SlackFailure = classifySlackError(error, head.attempts);
    const at = now().getTime();
    const context = { claim: head.claim_token, incident: head.incident_id, kind: head.kind, reason: failure.reason, attempts: head.attempts };
    count(methodOf(head.kind), failure.kind === 'later' ? 'rate_limited' : 'error');
    if (failure.kind === 'never' || head.attempts >= MAX_ATTEMPTS) {
      deps.logger.error(context, 'slack delivery failed for good');
      await deps.db.query(sql('slack/mark-failed'), [head.claim_token, failure.reason]);
    } else if (failure.kind === 'later' || head.kind === 'ephemeral') {
      deps.logger.warn(context, 'slack delivery deferred');
      await deps.db.query(sql('slack/retry-later'), [head.claim_token, new Date(at + failure.retryAfterS * 1000).toISOString(), failure.reason]);
    } else {
      deps.logger.warn(context, 'slack delivery outcome unknown; looking it up before retrying');
      await deps.db.query(sql('slack/outcome-unknown'), [head.claim_token, new Date(at + failure.retryAfterS * 1000).toISOString(), failure.reason]);
    }
  }

  /** Searches the channel (or thread) for a message carrying the claim's metadata; its ts, or null. */
  async function lookUp(row: OutboxRow): Promise<string | null> {
    let channel: string | null = null;
    let threadTs: string | null = null;
    if (row.kind === 'direct') {
      const opened = await deps.client.conversations.open({ users: row.channel ?? '' });
      channel = opened.channel?.id ?? null;
    } else {
      const message = await channelOf(row);
      channel = message?.channel ?? null;
      if (row.kind === 'thread') threadTs = message?.ts ?? null;
    }
    if (channel === null) return null;
    const oldest = String((Date.parse(row.created_at) - 60_000) / 1000);
    const found = threadTs !== null
      ? await deps.client.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
      : await deps.client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200 });
    const messages = (found.messages ?? []) as Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }>;
    const match = messages.find((message) => message.metadata?.event_type === OUTBOX_EVENT_TYPE && message.metadata.event_payload?.claim === row.claim_token);
    return match?.ts ?? null;
  }

  async function recoverLost(): Promise<number> {
    const at = now();
    const rows = await deps.db.query<OutboxRow>(sql('slack/claim-lost'), [at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString()]);
    let recovered = 0;
    for (const group of groupByClaim(rows)) {
      const head = group[0]!;
      try {
        const ts = head.kind === 'ephemeral' ? null : await lookUp(head);
        if (ts !== null) {
          await deps.db.query(sql('slack/mark-sent'), [head.claim_token, ts, now().toISOString()]);
          if (head.kind === 'incident') await deps.db.query(sql('slack/message-posted'), [head.incident_id, ts, now().toISOString(), head.created_at]);
          deps.logger.info({ claim: head.claim_token, incident: head.incident_id }, 'slack post found by metadata; not posted again');
          recovered += 1;
        } else {
          await deps.db.query(sql('slack/retry-later'), [head.claim_token, now().toISOString(), 'not found by metadata; posting again']);
        }
      } catch (error) {
        // the lookup itself failed: leave the claim unknown and look again later
        const failure = classifySlackError(error, head.attempts);
        await deps.db.query(sql('slack/outcome-unknown'), [head.claim_token, new Date(now().getTime() + failure.retryAfterS * 1000).toISOString(), `lookup: ${failure.reason}`]);
      }
    }
    return recovered;
  }

  async function editTopMessages(): Promise<number> {
    const at = now();
    const rows = await deps.db.query<MessageRow>(sql('slack/claim-dirty'), [at.toISOString(), new Date(at.getTime() + CLAIM_MS).toISOString()]);
    const batchMs = (deps.batchS ?? 0) * 1000;
    for (const row of rows) {
      try {
        const view = await loadIncidentView(deps.db, row.incident_id);
        if (view !== null) await deps.client.chat.update({ channel: row.channel, ts: row.ts ?? '', text: incidentText(view), blocks: incidentBlocks(view) as never });
        count('chat.update', 'ok');
        await deps.db.query(sql('slack/edit-done'), [row.incident_id, new Date(now().getTime() + batchMs).toISOString(), false]);
      } catch (error) {
        const failure = classifySlackError(error, 1);
        count('chat.update', failure.kind === 'later' ? 'rate_limited' : 'error');
        deps.logger.warn({ incident: row.incident_id, reason: failure.reason }, 'slack message edit failed');
        const retryAt = failure.kind === 'never' ? null : new Date(now().getTime() + failure.retryAfterS * 1000).toISOString();
        // chat.update is idempotent: retrying it can never duplicate anything
        await deps.db.query(sql('slack/edit-done'), [row.incident_id, retryAt, retryAt !== null]);
      }
    }
    return rows.length;
  }

  return {
    /** One delivery round: lost claims looked up, due rows posted, changed top messages edited. Returns rows sent. */
    async runOnce(): Promise<{ sent: number; recovered: number; edited: number }> {
      const recovered = await recoverLost();
      const at = now();
      const claimed = await deps.db.query<OutboxRow>(sql('slack/claim-outbox'), [at.toISOString(), BATCH_LIMIT, randomUUID(), new Date(at.getTime() + CLAIM_MS).toISOString(), THREAD_TEXT_LIMIT]);
      let sent = 0;
      for (const group of groupByClaim(claimed)) {
        try {
          await post(group);
          count(methodOf(group[0]!.kind), 'ok');
          sent += group.length;
        } catch (error) {
          await settleFailure(group, error);
        }
      }
      const edited = await editTopMessages();
      return { sent, recovered, edited };
    },
  };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;

function groupByClaim(rows: OutboxRow[]): OutboxRow[][] {
  const groups = new Map<string, OutboxRow[]>();
  // within a thread batch the "incident started" notice and the draft lead, whatever was queued before them
  const rank = (row: OutboxRow) => (row.dedupe_key.startsWith('started:') ? 0 : row.dedupe_key.startsWith('draft:') ? 1 : 2);
  for (const row of [...rows].sort((a, b) => rank(a) - rank(b) || a.id - b.id)) {
    const group = groups.get(row.claim_token);
    if (group === undefined) groups.set(row.claim_token, [row]);
    else group.push(row);
  }
  // the top message first: thread replies of the same round need its ts
  return [...groups.values()].sort((a, b) => Number(b[0]!.kind === 'incident') - Number(a[0]!.kind === 'incident'));
}
