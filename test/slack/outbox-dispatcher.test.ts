import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createOutboxDispatcher } from '../../src/slack/outbox-dispatcher.js';
import { createSlackClient } from '../../src/slack/slack-client.js';
import { createSlackOutbox } from '../../src/slack/slack-outbox.js';
import { createPostgresDb } from '../../src/store/postgres-db.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentLogger } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';
import { insertIncident } from './support/incidents.js';

describe('the Slack outbox', () => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let clock = Date.parse('2026-03-02T10:00:00Z');
  const now = () => new Date(clock);
  let incident = 0;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    slack = await startFakeSlack();
  });
  afterAll(async () => {
    await slack.close();
    await test.drop();
  });
  afterEach(() => {
    slack.calls.length = 0;
    slack.messages.length = 0;
  });

  const client = () => createSlackClient({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: slack.url });
  const metrics = createMetrics({ defaults: false });
  const dispatcher = (db = test.db) => createOutboxDispatcher({ db, client: client(), logger: silentLogger, now, batchS: 5, metrics });
  const outbox = () => createSlackOutbox({ db: test.db, channel: 'C_ONCALL', now, batchS: 5 });
  async function newIncident(): Promise<string> {
    const id = `INC-${String(++incident).padStart(4, '0')}`;
    await insertIncident(test.db, { id });
    return id;
  }

  it('posts the incident message once, with its metadata, however often it is asked for', async () => {
    const id = await newIncident();
    expect(await outbox().openIncident(id)).toBe(true);
    expect(await outbox().openIncident(id)).toBe(false);
    await dispatcher().runOnce();
    await dispatcher().runOnce();
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.token).toBe('Bearer xoxb-test-token');
    expect(posts[0]!.args.channel).toBe('C_ONCALL');
    expect(JSON.parse(String(posts[0]!.args.metadata)).event_type).toBe('firebreak_outbox');
    const [message] = await test.db.query<{ ts: string }>('SELECT ts FROM slack_messages WHERE incident_id = $1', [id]);
    expect(message?.ts).toBe(slack.messages[0]!.ts);
  });

  it('honours 429 Retry-After: nothing is sent again before it, then it is sent once', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 30 });
    await dispatcher().runOnce();
    expect(slack.messages).toHaveLength(0);
    clock += 10_000;
    await dispatcher().runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    clock += 25_000;
    await dispatcher().runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.messages).toHaveLength(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('firebreak_slack_calls_total{method="chat.postMessage",outcome="rate_limited"} 1');
  });

  it('finds a post whose response was lost by its metadata, and does not post it twice', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    slack.failNext('chat.postMessage', { status: 500, afterRecord: true });
    await dispatcher().runOnce();
    expect(slack.messages).toHaveLength(1);
    clock += 600_000;
    const round = await dispatcher().runOnce();
    expect(round.recovered).toBe(1);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [message] = await test.db.query<{ ts: string }>('SELECT ts FROM slack_messages WHERE incident_id = $1', [id]);
    expect(message?.ts).toBe(slack.messages[0]!.ts);
  });

  it('takes a post that never got an answer (FIREBREAK_SLACK_TIMEOUT_MS) for maybe done: found by its metadata, not posted twice', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    slack.failNext('chat.postMessage', { hang: true, afterRecord: true });
    const impatient = createSlackClient({ SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_API_URL: slack.url, FIREBREAK_SLACK_TIMEOUT_MS: 300 });
    await createOutboxDispatcher({ db: test.db, client: impatient, logger: silentLogger, now, batchS: 5 }).runOnce();
    const [row] = await test.db.query<{ last_error: string }>("SELECT last_error FROM slack_outbox WHERE incident_id = $1 AND kind = 'incident'", [id]);
    expect(row?.last_error).toContain('network or timeout');
    clock += 600_000;
    // the lookup with the default timeout: a loaded machine must not make the lookup itself time out
    expect((await dispatcher().runOnce()).recovered).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.messages).toHaveLength(1);
  });

  it('retries a 5xx that did not post, after looking for it, with backoff', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    slack.failNext('chat.postMessage', { status: 500 });
    await dispatcher().runOnce();
    expect(slack.messages).toHaveLength(0);
    await dispatcher().runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    clock += 600_000;
    await dispatcher().runOnce();
    await dispatcher().runOnce();
    expect(slack.messages).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('marks a post Slack refuses for good as failed, without retrying', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await dispatcher().runOnce();
    clock += 600_000;
    await dispatcher().runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    const [row] = await test.db.query<{ status: string; last_error: string }>('SELECT status, last_error FROM slack_outbox WHERE incident_id = $1', [id]);
    expect(row).toEqual({ status: 'failed', last_error: 'channel_not_found' });
  });

  it('finds a thread reply whose response was lost in the thread, and a direct message in the DM', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    await dispatcher().runOnce();
    await outbox().thread(id, `note:${id}`, 'Rolled back', undefined, { immediate: true });
    await outbox().direct('UCTO', `dm:${id}`, 'Critical incident not acknowledged', id);
    slack.failNext('chat.postMessage', { status: 500, afterRecord: true });
    slack.failNext('chat.postMessage', { status: 500, afterRecord: true });
    await dispatcher().runOnce();
    expect(slack.messages).toHaveLength(3);
    clock += 600_000;
    expect((await dispatcher().runOnce()).recovered).toBe(2);
    expect(slack.callsTo('conversations.replies')).toHaveLength(1);
    expect(slack.callsTo('conversations.open')).toHaveLength(1);
    await dispatcher().runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    const rows = await test.db.query<{ status: string }>('SELECT status FROM slack_outbox WHERE incident_id = $1', [id]);
    expect(rows.map((row) => row.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('batches a burst of thread updates into one reply and one edit of the top message', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    await dispatcher().runOnce();
    for (let alert = 1; alert <= 20; alert += 1) {
      await outbox().thread(id, `alert-joined:${id}:${alert}`, `Alert ${alert} joined`);
      await outbox().markChanged(id);
    }
    await dispatcher().runOnce();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    clock += 5_000;
    await dispatcher().runOnce();
    const replies = slack.messages.filter((message) => message.thread_ts !== undefined);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text.split('\n')).toHaveLength(20);
    expect(slack.callsTo('chat.update')).toHaveLength(1);
  });

  it('writes a thread update in one statement as the reply and the edit (and the message, when there is none yet) would be written', async () => {
    const [together, apart, unopened, unopenedApart] = [await newIncident(), await newIncident(), await newIncident(), await newIncident()];
    for (const id of [together, apart]) await outbox().openIncident(id);
    await outbox().threadUpdate(together, `alert-joined:${together}:7`, 'Alert 7 joined');
    await outbox().threadUpdate(together, `alert-joined:${together}:7`, 'Alert 7 joined');
    await outbox().thread(apart, `alert-joined:${apart}:7`, 'Alert 7 joined');
    await outbox().markChanged(apart);
    const written = async (id: string) => ({
      outbox: (await test.db.query<Record<string, unknown>>('SELECT dedupe_key, kind, channel, user_id, text, blocks, due_at, created_at FROM slack_outbox WHERE incident_id = $1', [id]))
        .map((row) => ({ ...row, dedupe_key: String(row.dedupe_key).replace(id, 'ID') }))
        .sort((a, b) => a.dedupe_key.localeCompare(b.dedupe_key)),
      message: await test.db.query('SELECT channel, ts, dirty_since, update_due_at FROM slack_messages WHERE incident_id = $1', [id]),
    });
    const saidTogether = await written(together);
    expect(saidTogether.outbox.map((row) => row.dedupe_key)).toEqual(['alert-joined:ID:7', 'incident:ID']);
    expect(saidTogether.message[0]).toMatchObject({ dirty_since: now().toISOString(), update_due_at: new Date(clock + 5_000).toISOString() });
    expect(saidTogether).toEqual(await written(apart));

    // No message yet: the message, its post, the reply and the edit mark, as the four calls write them.
    await outbox().threadUpdate(unopened, `alert-joined:${unopened}:8`, 'Alert 8 joined');
    await outbox().openIncident(unopenedApart);
    await outbox().thread(unopenedApart, `alert-joined:${unopenedApart}:8`, 'Alert 8 joined');
    await outbox().markChanged(unopenedApart);
    expect((await written(unopened)).outbox.map((row) => row.dedupe_key)).toEqual(['alert-joined:ID:8', 'incident:ID']);
    expect(await written(unopened)).toEqual(await written(unopenedApart));
    // Delivered (the messages, then the replies once due), so that the tests after this one find an empty outbox.
    await dispatcher().runOnce();
    clock += 5_000;
    await dispatcher().runOnce();
    expect(slack.messages.filter((message) => message.thread_ts !== undefined).map((message) => message.text)).toEqual(['Alert 7 joined', 'Alert 7 joined', 'Alert 8 joined', 'Alert 8 joined']);
  });

  it('says a steady stream of thread updates in one reply per batch window, each update once', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    await dispatcher().runOnce();
    // Two alerts a second join for a minute, the dispatcher runs every half second (as the worker's loop does).
    for (let alert = 0; alert < 120; alert += 1) {
      await outbox().threadUpdate(id, `alert-joined:${id}:${alert}`, `Alert ${alert} joined`);
      clock += 500;
      await dispatcher().runOnce();
    }
    clock += 5_000;
    await dispatcher().runOnce();
    const replies = slack.messages.filter((message) => message.thread_ts !== undefined);
    // A reply when the oldest waiting update has waited the 5 s window, carrying what came since: 12 or 13, not 120.
    expect(replies.length).toBeLessThanOrEqual(13);
    expect(replies.flatMap((reply) => reply.text.split('\n'))).toEqual(Array.from({ length: 120 }, (_, alert) => `Alert ${alert} joined`));
  });

  it('says a burst too long for one reply in several replies, none cut short', async () => {
    const id = await newIncident();
    await outbox().openIncident(id);
    await dispatcher().runOnce();
    const lines = Array.from({ length: 40 }, (_, n) => `Alert ${String(n).padStart(2, '0')} joined: ${'x'.repeat(150)}`);
    for (const [n, line] of lines.entries()) await outbox().thread(id, `alert-joined:${id}:${n}`, line);
    clock += 5_000;
    for (let round = 0; round < 4; round += 1) await dispatcher().runOnce();
    const replies = slack.messages.filter((message) => message.thread_ts !== undefined);
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.every((reply) => reply.text.length <= 3000)).toBe(true);
    expect(replies.flatMap((reply) => reply.text.split('\n'))).toEqual(lines);
  });

  it('lets several workers deliver the same outbox without posting anything twice', async () => {
    const ids = [await newIncident(), await newIncident(), await newIncident()];
    for (const id of ids) await outbox().openIncident(id);
    const workers = Array.from({ length: 4 }, () => createPostgresDb(test.location, { max: 2 }));
    await Promise.all(workers.map((db) => dispatcher(db).runOnce()));
    await Promise.all(workers.map((db) => db.close()));
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(new Set(slack.messages.map((m) => JSON.stringify(m.metadata?.event_payload.incident))).size).toBe(3);
  });
});
