import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request: the raw body (for leak checks) and its parsed JSON. */
export interface SeenRequest {
  path: string;
  authorization: string | undefined;
  raw: string;
  body: {
    model?: string;
    messages: Array<{ role: string; content?: string | null; tool_call_id?: string; tool_calls?: unknown[] }>;
    tools?: Array<{ function: { name: string } }>;
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    max_tokens?: number;
  };
}

/** One scripted answer: a reply text, tool calls, an HTTP error status (429 with its Retry-After), optionally after a
 *  delay, or no answer at all (the client times out). */
export type Script =
  | { content: string; delayMs?: number; tokens?: number }
  | { toolCalls: Array<{ name: string; arguments: unknown }>; delayMs?: number; tokens?: number }
  | { status: number; message?: string; delayMs?: number; retryAfterS?: number }
  | { hang: true };

/**
 * A local HTTP server speaking the OpenAI chat-completions API (`POST /v1/chat/completions`), reached by the real
 * `openai` client through its baseURL. Each request takes the next script (the last one repeats, or a handler
 * decides from the request); every request is recorded.
 */
export class FakeOpenAiServer {
  readonly requests: SeenRequest[] = [];
  private scripts: Script[] = [];
  private handler: ((request: SeenRequest) => Script) | null = null;
  private server: Server | null = null;
  private calls = 0;
  private next = 0;

  /** Sets the answers of the next requests, in order; the last one repeats. */
  script(...scripts: Script[]): this {
    this.scripts = scripts;
    this.handler = null;
    this.next = 0;
    return this;
  }

  /** Decides each answer from the request. */
  handle(handler: (request: SeenRequest) => Script): this {
    this.handler = handler;
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const seen: SeenRequest = { path: req.url ?? '', authorization: req.headers.authorization, raw, body: JSON.parse(raw || '{}') as SeenRequest['body'] };
    this.requests.push(seen);
    const script = this.handler !== null ? this.handler(seen) : this.scripts[Math.min(this.next++, this.scripts.length - 1)];
    this.calls += 1;
    if (script === undefined || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    if ('hang' in script) return; // never answered; close() ends the connection
    if (script.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, script.delayMs));
    if (res.destroyed) return;
    if ('status' in script) {
      const retryAfter = script.retryAfterS === undefined ? {} : { 'retry-after': String(script.retryAfterS) };
      res.writeHead(script.status, { 'content-type': 'application/json', ...retryAfter }).end(JSON.stringify({ error: { message: script.message ?? 'server error', type: 'server_error' } }));
      return;
    }
    const message = 'content' in script
      ? { role: 'assistant', content: script.content }
      : { role: 'assistant', content: null, tool_calls: script.toolCalls.map((call, index) => ({ id: `call_${this.calls}_${index}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } })) };
    const tokens = script.tokens ?? 100;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${this.calls}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: seen.body.model ?? 'unknown',
        choices: [{ index: 0, message, finish_reason: 'content' in script ? 'stop' : 'tool_calls' }],
        usage: { prompt_tokens: tokens - 20, completion_tokens: 20, total_tokens: tokens },
      }),
    );
  }
}

/** A valid triage reply with these fields changed. */
export function triageReply(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    symptom: 'Checkout requests fail with HTTP 500',
    impact: 'About a third of customers cannot pay',
    rootCause: 'The 2.4.1 deploy exhausted the database connection pool',
    category: 'deployment',
    severity: 'major',
    proposedActions: [],
    sameRootCause: [],
    confidence: 0.8,
    ...overrides,
  });
}
