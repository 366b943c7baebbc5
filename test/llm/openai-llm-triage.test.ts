import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LlmAssessment, LlmTools, LlmTriageInput } from '../../agents/ports/llm-triage.js';
import { OpenAiLlmTriage, type LlmCallOutcome, type OpenAiLlmTriageOptions } from '../../src/llm/openai-llm-triage.js';
import { FakeOpenAiServer, triageReply } from './support/fake-openai-server.js';

const API_KEY = 'sk-test-KEY-0123456789abcdef';
const DB_PASSWORD = 'Pa55-w0rd-of-the-db';
const LOKI_TOKEN = 'loki-token-9f8e7d6c5b4a';

function tools(calls: string[]): LlmTools {
  return {
    async searchLogs(query) {
      calls.push(`searchLogs ${query.service}`);
      return { lines: [{ at: '2025-03-03T09:00:05Z', source: 'file', service: query.service, line: `pool exhausted; auth=${LOKI_TOKEN}` }], errors: [] };
    },
    async recentChanges() {
      calls.push('recentChanges');
      return [{ kind: 'deploy', service: 'checkout', version: '2.4.1', at: '2025-03-03T08:55:00Z', description: null }];
    },
    async similarIncidents() {
      calls.push('similarIncidents');
      return [];
    },
    async readPlaybook(id) {
      calls.push(`readPlaybook ${id}`);
      return null;
    },
    async openIncidents() {
      calls.push('openIncidents');
      return [];
    },
  };
}

function input(calls: string[] = []): LlmTriageInput {
  return {
    incidentId: 'INC-0001',
    now: new Date('2025-03-03T09:01:00Z'),
    alerts: [{ source: 'alertmanager', service: 'checkout', severity: 'critical', title: 'CheckoutErrors', message: `connecting to postgres://app:${DB_PASSWORD}@db:5432/shop failed`, labels: { alertname: 'CheckoutErrors', service: 'checkout' }, firstReceivedAt: '2025-03-03T09:00:00Z' }],
    deterministic: { title: 'checkout: CheckoutErrors', severity: 'major', category: null, symptom: 'CheckoutErrors on checkout', suspectedCause: null },
    changes: [],
    logs: [`Authorization: Bearer ${API_KEY}`, 'db pool exhausted'],
    playbook: null,
    similar: [],
    tools: tools(calls),
  };
}

describe('the OpenAI-compatible LLM triage', () => {
  const server = new FakeOpenAiServer();
  let baseURL = '';
  let outcomes: LlmCallOutcome[] = [];
  const adapter = (options: Partial<OpenAiLlmTriageOptions> = {}) =>
    new OpenAiLlmTriage({ baseURL, apiKey: API_KEY, model: 'test-model', secrets: [API_KEY, DB_PASSWORD, LOKI_TOKEN], maxRetries: 0, callTimeoutMs: 2000, observer: { call: (outcome) => outcomes.push(outcome) }, ...options });
  const assessed = (assessment: LlmAssessment) => {
    if (assessment.kind !== 'assessed') throw new Error(`expected an assessment, got: ${assessment.reason}`);
    return assessment;
  };

  beforeAll(async () => {
    baseURL = await server.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    outcomes = [];
  });

  describe('when the model answers with a valid triage', () => {
    it('returns the reply, asked with the model, the json_schema response format and the tools', async () => {
      server.script({ content: triageReply({ severity: 'critical' }), tokens: 321 });
      const result = assessed(await adapter().assess(input()));
      expect(result.reply).toMatchObject({ severity: 'critical', category: 'deployment', confidence: 0.8 });
      expect(result.tokens).toBe(321);
      const request = server.requests[0];
      expect(request?.body.model).toBe('test-model');
      expect(request?.body.response_format?.type).toBe('json_schema');
      expect(request?.body.tools?.map((tool) => tool.function.name).sort()).toEqual(['open_incidents', 'read_playbook', 'recent_changes', 'search_logs', 'similar_incidents']);
      expect(outcomes).toEqual(['ok']);
    });
  });

  describe('when the model calls a tool first', () => {
    it('runs the read-only tool, sends its result back and records the call', async () => {
      const calls: string[] = [];
      server.script({ toolCalls: [{ name: 'search_logs', arguments: { service: 'checkout', from: '2025-03-03T08:50:00Z', to: '2025-03-03T09:01:00Z' } }] }, { content: triageReply() });
      const result = assessed(await adapter().assess(input(calls)));
      expect(calls).toEqual(['searchLogs checkout']);
      expect(result.toolCalls).toHaveLength(1);
      expect(result.toolCalls[0]).toMatchObject({ tool: 'search_logs', arguments: { service: 'checkout' } });
      expect(JSON.stringify(result.toolCalls)).toContain('pool exhausted');
      const second = server.requests[1]?.body.messages ?? [];
      expect(second.some((message) => message.role === 'tool' && (message.content ?? '').includes('pool exhausted'))).toBe(true);
    });

    it('answers a call with bad arguments with an error the model can read', async () => {
      server.script({ toolCalls: [{ name: 'recent_changes', arguments: { since_minutes: 'lots' } }] }, { content: triageReply() });
      const result = assessed(await adapter().assess(input()));
      expect(result.toolCalls[0]?.error).toContain('since_minutes');
    });

    it('stops offering tools at the last step, so the model must answer', async () => {
      server.script({ toolCalls: [{ name: 'open_incidents', arguments: {} }] });
      const result = await adapter({ maxSteps: 2 }).assess(input());
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]?.body.tools).toBeUndefined();
      expect(result.kind).toBe('unavailable');
    });
  });

  describe('when the reply is not valid', () => {
    it('asks once to correct it, then accepts a valid one', async () => {
      server.script({ content: 'I think it is the database.' }, { content: triageReply() });
      assessed(await adapter().assess(input()));
      expect(server.requests[1]?.body.messages.at(-1)?.content).toContain('not valid');
      expect(outcomes).toEqual(['invalid', 'ok']);
    });

    it('is unavailable after a second invalid reply (a severity outside the three, here)', async () => {
      server.script({ content: 'not json' }, { content: triageReply({ severity: 'catastrophic' }) });
      const result = await adapter().assess(input());
      expect(result).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('invalid reply: severity') });
      expect(outcomes).toEqual(['invalid', 'invalid']);
    });
  });

  describe('when the endpoint does not take response_format json_schema', () => {
    it('asks again without it and validates the JSON reply the same way', async () => {
      server.handle((request) => (request.body.response_format !== undefined ? { status: 400, message: 'response_format is not supported' } : { content: `\`\`\`json\n${triageReply()}\n\`\`\`` }));
      const llm = adapter();
      assessed(await llm.assess(input()));
      assessed(await llm.assess({ ...input(), incidentId: 'INC-0002' }));
      expect(server.requests.map((request) => request.body.response_format?.type ?? 'none')).toEqual(['json_schema', 'none', 'none']);
    });
  });

  describe('when the endpoint fails', () => {
    it('retries a 500 with backoff, then says it is unavailable', async () => {
      server.script({ status: 500 });
      const result = await adapter({ maxRetries: 2 }).assess(input());
      expect(result).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('500') });
      expect(server.requests).toHaveLength(3);
      expect(outcomes).toEqual(['error']);
    });

    it('gives up on a slow reply at its timeout', async () => {
      server.script({ content: triageReply(), delayMs: 1500 });
      const result = await adapter({ callTimeoutMs: 300 }).assess(input());
      expect(result).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('timed out') });
      expect(outcomes).toEqual(['timeout']);
    });

    it('gives up at the deadline of the whole assessment', async () => {
      server.script({ toolCalls: [{ name: 'open_incidents', arguments: {} }], delayMs: 150 });
      const result = await adapter({ deadlineMs: 400, maxSteps: 10 }).assess(input());
      expect(result).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('deadline') });
    });
  });

  describe('when the same incident is assessed again', () => {
    it('reuses the assessment while the evidence barely changed, and asks again once the alerts doubled', async () => {
      server.script({ content: triageReply() });
      const llm = adapter();
      const first = input();
      assessed(await llm.assess(first));
      const again = assessed(await llm.assess({ ...first, alerts: [...first.alerts] }));
      expect(again.reusedFrom).toBeTypeOf('string');
      expect(server.requests).toHaveLength(1);
      assessed(await llm.assess({ ...first, alerts: [...first.alerts, ...first.alerts] }));
      expect(server.requests).toHaveLength(2);
      assessed(await llm.assess({ ...first, alerts: [...first.alerts, ...first.alerts], similar: [{ id: 'INC-0042', why: ['same playbook'] }] }));
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('when alerts joining one incident together each ask for its assessment', () => {
    it('asks the model once and gives the others that answer', async () => {
      server.script({ content: triageReply(), delayMs: 100 });
      const llm = adapter();
      const first = input();
      const results = await Promise.all([first, { ...first, alerts: [...first.alerts] }, { ...first, alerts: [...first.alerts] }].map((asked) => llm.assess(asked)));
      expect(server.requests).toHaveLength(1);
      expect(results.map((result) => assessed(result).reusedFrom === undefined)).toEqual([true, false, false]);
      // Another incident is not held up by it.
      server.script({ content: triageReply() });
      assessed(await llm.assess({ ...first, incidentId: 'INC-0002' }));
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('when the assessment the others wait for fails', () => {
    it('lets one of them try again, then the rest reuse its answer, instead of all asking at once', async () => {
      server.script({ status: 500, delayMs: 100 }, { content: triageReply(), delayMs: 100 });
      const llm = adapter();
      const first = input();
      const results = await Promise.all([0, 1, 2, 3].map(() => llm.assess({ ...first, alerts: [...first.alerts] })));
      expect(results.map((result) => result.kind)).toEqual(['unavailable', 'assessed', 'assessed', 'assessed']);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe('the circuit breaker', () => {
    it('stops calling after repeated failures, then lets one trial through after the cooldown', async () => {
      let now = 0;
      const llm = adapter({ breakerThreshold: 2, breakerCooldownMs: 60_000, now: () => now });
      server.script({ status: 503 });
      await llm.assess(input());
      await llm.assess(input());
      expect(llm.circuit).toBe('open');
      const refused = await llm.assess(input());
      expect(refused).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('circuit open') });
      expect(server.requests).toHaveLength(2);
      now = 61_000;
      server.script({ content: triageReply() });
      assessed(await llm.assess(input()));
      expect(llm.circuit).toBe('closed');
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('redaction', () => {
    it('sends no configured secret nor token in any request body, tool results included', async () => {
      server.script({ toolCalls: [{ name: 'search_logs', arguments: { service: 'checkout', from: '2025-03-03T08:50:00Z', to: '2025-03-03T09:01:00Z' } }] }, { content: triageReply() });
      const result = assessed(await adapter().assess(input()));
      expect(server.requests).toHaveLength(2);
      for (const request of server.requests) {
        for (const secret of [API_KEY, DB_PASSWORD, LOKI_TOKEN]) expect(request.raw).not.toContain(secret);
        expect(request.raw).toContain('[redacted]');
      }
      expect(JSON.stringify(result.toolCalls)).not.toContain(LOKI_TOKEN);
      expect(server.requests[0]?.authorization).toBe(`Bearer ${API_KEY}`);
    });

    it('bounds the prompt size', async () => {
      server.script({ content: triageReply() });
      const big = input();
      big.logs = Array.from({ length: 500 }, (_, index) => `line ${index} ${'x'.repeat(1000)}`);
      await adapter({ maxPromptChars: 8000 }).assess(big);
      const user = server.requests[0]?.body.messages.find((message) => message.role === 'user')?.content ?? '';
      expect(user.length).toBeLessThan(8100);
      expect(user).toContain('CheckoutErrors');
    });
  });
});
