import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/eval/replay.js';
import { loadScenario } from '../../src/eval/scenario.js';
import { scoreDecisions, type Truth } from '../../src/eval/score.js';
import { OpenAiLlmTriage } from '../../src/llm/openai-llm-triage.js';
import { writeTinyScenario } from '../eval/support/tiny-scenario.js';
import { FakeOpenAiServer, triageReply, type SeenRequest, type Script } from './support/fake-openai-server.js';

const run = promisify(execFile);

/**
 * A model that looks around with every tool, then replies with everything that could move a decision if it were
 * obeyed: the highest severity, actions from no playbook, similar incidents it was never shown.
 */
function pushyModel(request: SeenRequest): Script {
  const last = request.body.messages.at(-1);
  if (last?.role !== 'tool') {
    return {
      toolCalls: [
        { name: 'open_incidents', arguments: {} },
        { name: 'recent_changes', arguments: { since_minutes: 120 } },
        { name: 'similar_incidents', arguments: { words: ['connections', 'latency'] } },
        { name: 'search_logs', arguments: { service: 'orders', from: '2025-06-02T07:50:00Z', to: '2025-06-02T08:10:00Z' } },
        { name: 'read_playbook', arguments: { id: 'no-such-playbook' } },
      ],
    };
  }
  return { content: triageReply({ severity: 'critical', proposedActions: [{ id: 'delete-everything', why: 'bold' }], sameRootCause: ['INC-9999', 'PAST-1'], confidence: 1 }) };
}

describe('firebreak eval --llm', () => {
  const server = new FakeOpenAiServer().handle(pushyModel);
  let baseURL = '';
  beforeAll(async () => {
    baseURL = await server.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('decides exactly as without the LLM, so it scores the same', { timeout: 120_000 }, async () => {
    const dir = writeTinyScenario();
    const scenario = loadScenario(dir);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
    const without = await replayScenario(scenario);
    const before = server.requests.length;
    const withLlm = await replayScenario(scenario, { llm: new OpenAiLlmTriage({ baseURL, model: 'test-model', maxRetries: 0 }) });
    expect(server.requests.length).toBeGreaterThan(before);
    const toolAnswers = server.requests.slice(before).flatMap((request) => request.body.messages.filter((message) => message.role === 'tool'));
    expect(toolAnswers.length).toBeGreaterThanOrEqual(5);
    expect(toolAnswers.filter((message) => (message.content ?? '').includes('the tool failed'))).toEqual([]);
    const sortByKey = (lines: typeof without.decisions) => [...lines].sort((a, b) => a.key.localeCompare(b.key));
    expect(sortByKey(withLlm.decisions)).toEqual(sortByKey(without.decisions));
    expect(scoreDecisions(withLlm.decisions, truth)).toEqual(scoreDecisions(without.decisions, truth));
  });

  it('runs the CLI against the endpoint of OPENAI_BASE_URL and prints the same scores', { timeout: 180_000 }, async () => {
    const dir = writeTinyScenario();
    const env = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };
    const plain = JSON.parse((await run(process.execPath, ['src/cli/bin.mjs', 'eval', dir, '--json'], { env })).stdout) as Record<string, unknown>;
    const before = server.requests.length;
    const withLlm = JSON.parse((await run(process.execPath, ['src/cli/bin.mjs', 'eval', dir, '--json', '--llm'], { env: { ...env, OPENAI_BASE_URL: baseURL, OPENAI_API_KEY: 'sk-eval-test-abcdef0123456789', FIREBREAK_LLM_MODEL: 'eval-model' } })).stdout) as Record<string, unknown>;
    expect(server.requests.length).toBeGreaterThan(before);
    expect(server.requests.at(-1)?.body.model).toBe('eval-model');
    for (const request of server.requests.slice(before)) expect(request.raw).not.toContain('sk-eval-test-abcdef0123456789');
    const { seconds: _a, ...plainScores } = plain;
    const { seconds: _b, ...llmScores } = withLlm;
    expect(llmScores).toEqual(plainScores);
  });

  it('refuses --llm in one line when OPENAI_BASE_URL is not set', async () => {
    const dir = writeTinyScenario();
    const failure = await run(process.execPath, ['src/cli/bin.mjs', 'eval', dir, '--llm'], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.stderr).toContain('OPENAI_BASE_URL is not set');
    expect(failure?.code).toBe(2);
  });
});
