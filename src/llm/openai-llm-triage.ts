/**
 * The LlmTriage port on any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, LiteLLM) through the `openai`
 * package's chat completions. One assessment is a short agentic loop: the model reads the evidence, may call
 * read-only tools, and answers with the triage JSON (as `response_format: json_schema` where the endpoint takes
 * it, else as a JSON reply validated the same way; one invalid reply gets one chance to be corrected).
 *
 * Bounded everywhere: steps, tool calls, tokens, a per-call timeout (the client retries timeouts, 429 and 5xx
 * with backoff) and a deadline for the whole assessment; a circuit breaker stops calling a failing endpoint.
 * Everything sent is redacted first. It never throws: a failure is an `unavailable` outcome with its reason.
 */
import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { LlmAssessment, LlmToolCall, LlmTriage, LlmTriageInput } from '../../agents/ports/llm-triage.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { runToolCall, TOOL_DEFINITIONS } from './llm-tool-calls.js';
import { createRedactor, type Redactor } from './redact.js';
import { parseReply, REPLY_JSON_SCHEMA } from './reply-schema.js';
import { evidenceMessage, SYSTEM_PROMPT, toolResultMessage } from './triage-prompt.js';

export type LlmCallOutcome = 'ok' | 'error' | 'timeout' | 'invalid';

/** Where calls are counted (the daemon maps this onto /metrics) and failures told. */
export interface LlmObserver {
  call(outcome: LlmCallOutcome, seconds: number, tokens: number): void;
  unavailable?(reason: string): void;
}

export interface OpenAiLlmTriageOptions {
  baseURL: string;
  apiKey?: string | undefined;
  model: string;
  /** Configured secret values: never sent. */
  secrets?: readonly string[];
  observer?: LlmObserver;
  callTimeoutMs?: number;
  /** The whole assessment, tool calls and retries included. */
  deadlineMs?: number;
  maxRetries?: number;
  maxSteps?: number;
  maxToolCalls?: number;
  maxTokens?: number;
  maxReplyTokens?: number;
  maxPromptChars?: number;
  maxToolResultChars?: number;
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  /** An incident's assessment is reused for this long while its playbook and similar incidents stay and its alerts less than double. */
  reuseForMs?: number;
  now?: () => number;
}

const DEFAULTS = { callTimeoutMs: 15_000, deadlineMs: 30_000, maxRetries: 2, maxSteps: 5, maxToolCalls: 8, maxTokens: 16_000, maxReplyTokens: 1_200, maxPromptChars: 24_000, maxToolResultChars: 4_000, breakerThreshold: 3, breakerCooldownMs: 60_000, reuseForMs: 600_000 };

/** How many incidents' last assessments are kept for reuse (oldest dropped first). */
const REUSE_ENTRIES = 200;

interface Reusable {
  at: number;
  alerts: number;
  key: string;
  assessment: Extract<LlmAssessment, { kind: 'assessed' }>;
}

/** Why an assessment gave up, log-safe. */
class Unavailable extends Error {}

export class OpenAiLlmTriage implements LlmTriage {
  private readonly client: OpenAI;
  private readonly limits: typeof DEFAULTS;
  private readonly redact: Redactor;
  private readonly breaker: CircuitBreaker;
  /** Cleared the first time the endpoint refuses `response_format: json_schema`. */
  private schemaSupported = true;
  /**
   * The last assessment of each recent incident: an incident refreshed for every alert that joins it would
   * otherwise ask the model again and again while the evidence barely changed (a storm of 50 alerts).
   */
  private readonly reusable = new Map<string, Reusable>();
  /**
   * The assessment of each incident being asked now: the worker runs several jobs at once, and the alerts joining
   * an incident together each ask for it; they wait for the one under way and reuse it instead of asking the
   * model in parallel, before any answer could be reused.
   */
  private readonly underWay = new Map<string, Promise<LlmAssessment>>();

  constructor(private readonly options: OpenAiLlmTriageOptions) {
    this.limits = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([key, value]) => key in DEFAULTS && value !== undefined)) };
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? 'unset', timeout: this.limits.callTimeoutMs, maxRetries: this.limits.maxRetries });
    this.redact = createRedactor(options.secrets ?? []);
    this.breaker = new CircuitBreaker(this.limits.breakerThreshold, this.limits.breakerCooldownMs, options.now);
  }

  get circuit(): CircuitBreaker['state'] {
    return this.breaker.state;
  }

  async assess(input: LlmTriageInput): Promise<LlmAssessment> {
    // One at a time per incident: each waiter looks again once the one before it is done, so a failed assessment
    // is followed by one more try, not by every waiter at once.
    for (let earlier = this.underWay.get(input.incidentId); earlier !== undefined; earlier = this.underWay.get(input.incidentId)) {
      await earlier.catch(() => undefined);
    }
    const assessment = this.assessOnce(input);
    this.underWay.set(input.incidentId, assessment);
    try {
      return await assessment;
    } finally {
      if (this.underWay.get(input.incidentId) === assessment) this.underWay.delete(input.incidentId);
    }
  }

  private async assessOnce(input: LlmTriageInput): Promise<LlmAssessment> {
    const toolCalls: LlmToolCall[] = [];
    const now = (this.options.now ?? Date.now)();
    const key = JSON.stringify([input.playbook?.id ?? null, input.similar.map((similar) => similar.id).sort()]);
    const earlier = this.reusable.get(input.incidentId);
    if (earlier !== undefined && earlier.key === key && now - earlier.at < this.limits.reuseForMs && input.alerts.length < 2 * earlier.alerts) {
      return { ...earlier.assessment, toolCalls: [], tokens: 0, latencyMs: 0, reusedFrom: new Date(earlier.at).toISOString() };
    }
    const refusal = this.breaker.refusal();
    if (refusal !== null) return this.unavailable(refusal, toolCalls);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.limits.deadlineMs);
    const started = performance.now();
    try {
      const { reply, tokens } = await this.converse(input, toolCalls, deadline.signal);
      this.breaker.success();
      const assessment = { kind: 'assessed' as const, model: this.options.model, reply, toolCalls, tokens, latencyMs: Math.round(performance.now() - started) };
      this.reusable.delete(input.incidentId);
      this.reusable.set(input.incidentId, { at: now, alerts: input.alerts.length, key, assessment });
      if (this.reusable.size > REUSE_ENTRIES) this.reusable.delete(this.reusable.keys().next().value ?? '');
      return assessment;
    } catch (error) {
      this.breaker.failure();
      const reason = error instanceof Unavailable ? error.message : `unexpected failure: ${(error as Error).message.slice(0, 200)}`;
      return this.unavailable(this.redact(reason), toolCalls);
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(reason: string, toolCalls: LlmToolCall[]): LlmAssessment {
    this.options.observer?.unavailable?.(reason);
    return { kind: 'unavailable', reason, toolCalls };
  }

  private async converse(input: LlmTriageInput, toolCalls: LlmToolCall[], signal: AbortSignal) {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: evidenceMessage(input, this.redact, this.limits.maxPromptChars) },
    ];
    let tokens = 0;
    let corrected = false;
    for (let step = 0; step < this.limits.maxSteps; step += 1) {
      const lastStep = step === this.limits.maxSteps - 1 || toolCalls.length >= this.limits.maxToolCalls;
      const { completion, seconds } = await this.complete(messages, !lastStep, signal);
      const used = completion.usage?.total_tokens ?? 0;
      tokens += used;
      const choice = completion.choices[0];
      const message = choice?.message;
      const calls = message?.tool_calls ?? [];
      if (message !== undefined && calls.length > 0 && !lastStep) {
        this.options.observer?.call('ok', seconds, used);
        messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
        for (const call of calls) {
          const done = call.type === 'function'
            ? await runToolCall(input.tools, call.function.name, call.function.arguments)
            : { arguments: null, result: null, error: 'only function tools exist' };
          const record: LlmToolCall = this.redact({ tool: call.type === 'function' ? call.function.name : call.type, arguments: done.arguments, result: done.result, ...(done.error === undefined ? {} : { error: done.error }) });
          toolCalls.push(record);
          messages.push({ role: 'tool', tool_call_id: call.id, content: toolResultMessage(done.error === undefined ? done.result : { error: done.error }, this.redact, this.limits.maxToolResultChars) });
        }
        if (tokens > this.limits.maxTokens) throw new Unavailable(`token budget of ${this.limits.maxTokens} spent after ${step + 1} step(s)`);
        continue;
      }
      const content = message?.content ?? '';
      const parsed = message === undefined ? { problem: 'a reply without a choice' } : choice?.finish_reason === 'length' ? { problem: 'the reply was cut at the token limit' } : parseReply(content);
      this.options.observer?.call('reply' in parsed ? 'ok' : 'invalid', seconds, used);
      if ('reply' in parsed) return { reply: parsed.reply, tokens };
      if (corrected || lastStep) throw new Unavailable(`invalid reply: ${parsed.problem}`);
      corrected = true;
      messages.push({ role: 'assistant', content: content.slice(0, 4000) });
      messages.push({ role: 'user', content: `That reply is not valid (${parsed.problem}). Answer with the JSON object only.` });
    }
    throw new Unavailable(`no answer within ${this.limits.maxSteps} steps`);
  }

  /** One chat completion (failures counted here, replies by the caller once read); falls back to a plain JSON reply when the endpoint refuses the schema. */
  private async complete(messages: ChatCompletionMessageParam[], offerTools: boolean, signal: AbortSignal): Promise<{ completion: OpenAI.Chat.Completions.ChatCompletion; seconds: number }> {
    const started = performance.now();
    const schema = this.schemaSupported;
    try {
      const completion = await this.client.chat.completions.create(
        {
          model: this.options.model,
          messages,
          temperature: 0,
          max_tokens: this.limits.maxReplyTokens,
          ...(offerTools ? { tools: TOOL_DEFINITIONS, tool_choice: 'auto' as const } : {}),
          ...(schema ? { response_format: { type: 'json_schema' as const, json_schema: { name: 'incident_triage', strict: true, schema: REPLY_JSON_SCHEMA } } } : {}),
        },
        { signal },
      );
      return { completion, seconds: (performance.now() - started) / 1000 };
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      if (schema && error instanceof APIError && (error.status === 400 || error.status === 422) && !signal.aborted) {
        this.options.observer?.call('error', seconds, 0);
        this.schemaSupported = false;
        return this.complete(messages, offerTools, signal);
      }
      const timeout = error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError || signal.aborted;
      this.options.observer?.call(timeout ? 'timeout' : 'error', seconds, 0);
      if (timeout) throw new Unavailable(signal.aborted ? `no answer within the ${this.limits.deadlineMs} ms deadline` : `timed out after ${this.limits.callTimeoutMs} ms (with ${this.limits.maxRetries} retries)`);
      if (error instanceof APIError) throw new Unavailable(`the endpoint answered ${error.status ?? 'no status'}${error.status !== undefined ? ` (after ${this.limits.maxRetries} retries when retryable)` : ''}: ${error.message.slice(0, 200)}`);
      throw new Unavailable(`the endpoint cannot be reached: ${(error as Error).message.slice(0, 200)}`);
    }
  }
}
