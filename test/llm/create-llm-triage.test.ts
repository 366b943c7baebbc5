import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LlmTriageInput } from '../../agents/ports/llm-triage.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLlmTriage } from '../../src/llm/create-llm-triage.js';
import { createRedactor } from '../../src/llm/redact.js';
import { createLogger } from '../../src/logging/logger.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { FakeOpenAiServer, triageReply } from './support/fake-openai-server.js';

const noTools = { searchLogs: async () => ({ lines: [], errors: [] }), recentChanges: async () => [], similarIncidents: async () => [], readPlaybook: async () => null, openIncidents: async () => [] };
const input: LlmTriageInput = {
  incidentId: 'INC-0001',
  now: new Date('2025-03-03T09:01:00Z'),
  alerts: [{ source: 'grafana', service: 'api', severity: 'critical', title: 'API 5xx', message: 'errors', labels: {}, firstReceivedAt: '2025-03-03T09:00:00Z' }],
  deterministic: { title: 'API 5xx', severity: 'major', category: null, symptom: 'API 5xx on api', suspectedCause: null },
  changes: [],
  logs: [],
  playbook: null,
  similar: [],
  tools: noTools,
};

describe('createLlmTriage', () => {
  const server = new FakeOpenAiServer();
  let baseURL = '';
  beforeAll(async () => {
    baseURL = await server.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is null without OPENAI_BASE_URL: no LLM', () => {
    expect(createLlmTriage({ config: loadConfig({ OPENAI_API_KEY: 'sk-unused-0123456789' }) })).toBeNull();
  });

  it('counts calls, tokens and latency on /metrics and logs why an assessment was unavailable, without the key', async () => {
    const metrics = createMetrics({ defaults: false });
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }) });
    const key = 'sk-metrics-test-0123456789abcdef';
    const llm = createLlmTriage({ config: loadConfig({ OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: key, FIREBREAK_LLM_MODEL: 'small-model' }), metrics, logger }, { maxRetries: 0 });
    server.script({ content: triageReply(), tokens: 250 }, { content: 'no JSON here' });
    expect(await llm?.assess(input)).toMatchObject({ kind: 'assessed', model: 'small-model' });
    expect(await llm?.assess({ ...input, incidentId: 'INC-0002' })).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('invalid reply') });
    const text = await metrics.registry.metrics();
    expect(text).toContain('firebreak_llm_calls_total{outcome="ok"} 1');
    expect(text).toContain('firebreak_llm_calls_total{outcome="invalid"} 2');
    expect(text).toContain('firebreak_llm_tokens_total 450');
    expect(text).toContain('firebreak_llm_call_seconds_count 3');
    expect(lines.join('')).toContain('LLM triage unavailable');
    expect(lines.join('')).not.toContain(key);
    expect(server.requests.at(-1)?.raw).not.toContain(key);
  });

  it('gives up on a call that never gets an answer after FIREBREAK_LLM_TIMEOUT_MS, and retries it', async () => {
    const llm = createLlmTriage({ config: loadConfig({ OPENAI_BASE_URL: baseURL, FIREBREAK_LLM_TIMEOUT_MS: '200' }) }, { maxRetries: 1 });
    const before = server.requests.length;
    server.script({ hang: true });
    expect(await llm?.assess({ ...input, incidentId: 'INC-0003' })).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('timed out after 200 ms') });
    expect(server.requests.length - before).toBe(2);
  });
});

describe('redaction of what is sent', () => {
  const redact = createRedactor(['configured-secret-value']);
  it.each([
    ['a configured secret', 'x configured-secret-value y', 'configured-secret-value'],
    ['a bearer token', 'Authorization: Bearer abcdefghijklmnop123', 'abcdefghijklmnop123'],
    ['a password in a URL', 'postgres://app:hunter2hunter@db:5432/x', 'hunter2hunter'],
    ['a key=value secret', 'api_key=AbCdEf123456 and more', 'AbCdEf123456'],
    ['a JSON password', '{"password": "s3cr3t-pass"}', 's3cr3t-pass'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'dBjftJeZ4CVP'],
    ['a Slack token', 'xoxb-1234567890-abcdefghij', 'xoxb-1234567890'],
    ['an AWS access key', 'AKIAABCDEFGHIJKLMNOP', 'AKIAABCDEFGHIJKLMNOP'],
  ])('removes %s', (_name, text, secret) => {
    const safe = redact({ nested: [text] });
    expect(JSON.stringify(safe)).not.toContain(secret);
    expect(JSON.stringify(safe)).toContain('[redacted]');
  });

  it('leaves ordinary words alone', () => {
    expect(redact({ 'token bucket': 'the token bucket is empty; password reset page slow' })).toEqual({ 'token bucket': 'the token bucket is empty; password reset page slow' });
  });
});
