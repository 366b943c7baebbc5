import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  user?: string;
  bot_id?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** How a call fails; `afterRecord`: the call took effect, then the answer was lost (500) or never came (hang). */
export type Fault = { status: 429; retryAfter: number } | { status: 500; afterRecord?: boolean } | { error: string } | { hang: true; afterRecord?: boolean };

/**
 * A local HTTP server speaking the parts of the Slack Web API Firebreak uses, reached by the real @slack/web-api
 * client through `slackApiUrl`. It records every call, keeps the messages posted (with their metadata, for
 * lookups), and answers 429 / 500 / an error, or never answers, when told to (call by call, or by a policy).
 */
export async function startFakeSlack(options: { groups?: Record<string, string[]> } = {}) {
  const calls: SlackCall[] = [];
  const messages: SlackMessage[] = [];
  const faults = new Map<string, Fault[]>();
  let policy: ((method: string) => Fault | undefined) | null = null;
  let counter = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    switch (method) {
      case 'chat.postMessage': {
        const channel = String(args.channel);
        const message: SlackMessage = { channel: channel.startsWith('U') ? `D${channel}` : channel, ts: nextTs(), text: String(args.text ?? ''), bot_id: 'B_FIREBREAK' };
        if (args.thread_ts) message.thread_ts = String(args.thread_ts);
        if (args.blocks) message.blocks = json(args.blocks) as unknown[];
        if (args.metadata) message.metadata = json(args.metadata) as SlackMessage['metadata'];
        messages.push(message);
        return { ok: true, channel: message.channel, ts: message.ts, message };
      }
      case 'chat.update': {
        const message = messages.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (message === undefined) return { ok: false, error: 'message_not_found' };
        message.text = String(args.text ?? '');
        if (args.blocks) message.blocks = json(args.blocks) as unknown[];
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.history': {
        const found = messages.filter((m) => m.channel === args.channel && m.thread_ts === undefined).reverse();
        return { ok: true, messages: found.map((m) => withMetadata(m, args)), has_more: false };
      }
      case 'conversations.replies': {
        const found = messages.filter((m) => m.channel === args.channel && (m.ts === args.ts || m.thread_ts === args.ts));
        return { ok: true, messages: found.map((m) => withMetadata(m, args)), has_more: false };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users)}` } };
      case 'usergroups.users.list':
        return { ok: true, users: options.groups?.[String(args.usergroup)] ?? [] };
      case 'views.open':
        return { ok: true, view: { id: 'V1' } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').replace(/^\//, '').split('?')[0] ?? '';
      const contentType = req.headers['content-type'] ?? '';
      const args: Record<string, unknown> = contentType.includes('json') ? JSON.parse(body || '{}') : Object.fromEntries(new URLSearchParams(body));
      const auth = req.headers.authorization ?? null;
      const fault = faults.get(method)?.shift() ?? policy?.(method);
      if (fault !== undefined && 'hang' in fault) {
        // no answer at all: the client gives up after its timeout, not knowing whether the call took effect
        if (fault.afterRecord === true) answer(method, args);
        calls.push({ method, args, token: auth });
        return;
      }
      if (fault !== undefined && 'status' in fault && fault.status === 429) {
        calls.push({ method, args, token: auth });
        res.writeHead(429, { 'retry-after': String(fault.retryAfter), 'content-type': 'application/json' }).end('{"ok":false,"error":"ratelimited"}');
        return;
      }
      if (fault !== undefined && 'status' in fault && fault.status === 500 && !fault.afterRecord) {
        calls.push({ method, args, token: auth });
        res.writeHead(500).end('internal error');
        return;
      }
      const result = answer(method, args);
      calls.push({ method, args, token: auth });
      if (fault !== undefined && 'status' in fault) {
        // the call took effect, but the response is lost on the way back
        res.writeHead(500).end('upstream timeout');
        return;
      }
      if (fault !== undefined && 'error' in fault) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: fault.error }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    /** The calls made to one method. */
    callsTo: (method: string) => calls.filter((call) => call.method === method),
    /** The next call to `method` fails this way (queued: call several times for several failures). */
    failNext(method: string, fault: Fault) {
      const queue = faults.get(method) ?? [];
      queue.push(fault);
      faults.set(method, queue);
    },
    /** How many failures queued with `failNext` have not happened yet. */
    pendingFailures: () => [...faults.values()].reduce((sum, queue) => sum + queue.length, 0),
    /** Every later call asks `decide` how to fail (undefined: answer normally); null stops failing. */
    failSometimes(decide: ((method: string) => Fault | undefined) | null) {
      policy = decide;
    },
    /** A human's reply in a thread, as if posted in Slack. */
    addReply(channel: string, threadTs: string, user: string, text: string, at: Date) {
      messages.push({ channel, thread_ts: threadTs, ts: `${Math.floor(at.getTime() / 1000)}.${String(++counter).padStart(6, '0')}`, text, user });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // requests left hanging on purpose
        server.close(() => resolve());
      }),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

function withMetadata(message: SlackMessage, args: Record<string, unknown>): Record<string, unknown> {
  const { metadata, ...rest } = message;
  return args.include_all_metadata === 'true' || args.include_all_metadata === true ? { ...rest, ...(metadata ? { metadata } : {}) } : rest;
}
