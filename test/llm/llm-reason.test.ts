import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmReasoner, MIN_CONFIDENCE_TO_RAISE, type LlmReasonPorts } from '../../agents/llm-reason.js';
import type { LlmAssessment, LlmReply, LlmTriage } from '../../agents/ports/llm-triage.js';
import { parsePlaybook } from '../../src/playbooks/load-playbooks.js';
import { OpenAiLlmTriage } from '../../src/llm/openai-llm-triage.js';
import { useStore } from '../agents/support/stores.js';
import { TriageHarness, type AmAlert } from '../agents/support/triage-harness.js';
import { FakeOpenAiServer, triageReply } from './support/fake-openai-server.js';

const playbook = parsePlaybook(
  `id: db-pool
title: Database connections exhausted
severity: major
category: infrastructure
match:
  labels: { alertname: "(?i)connections" }
checklist: ["Who holds the connections?"]
diagnosis: Look at the pool.
actions:
  - id: restart-pool
    title: Restart the connection pooler
    kind: noop
    risk: low
`,
  'db-pool.yaml',
);

const dbConnections: AmAlert = {
  labels: { alertname: 'PostgresTooManyConnections', service: 'checkout', instance: 'checkout-db-01:9187', severity: 'critical' },
  summary: 'checkout-db-01 uses 97% of max_connections',
};

/** The LlmTriage port answering one fixed reply: the merge rules are the agent's, whatever the transport. */
function answering(reply: Partial<LlmReply>): LlmTriage {
  const full: LlmReply = { symptom: 's', impact: 'i', rootCause: 'r', category: 'unknown', severity: 'minor', proposedActions: [], sameRootCause: [], confidence: 0.9, ...reply };
  return { assess: async (): Promise<LlmAssessment> => ({ kind: 'assessed', model: 'm', reply: full, toolCalls: [], tokens: 10, latencyMs: 5 }) };
}

describe('LLM reason (merging the reply into the triage)', () => {
  const reasoning = { title: 't', severity: 'major' as const, category: null, symptom: 'sym', suspectedCause: null };
  const knowledge = { playbooks: [], playbook, similar: [{ id: 'INC-0042', score: 3, why: ['same playbook'] }] };
  const evidence = { suspects: [], logs: [], logLines: [], logErrors: [] };
  const run = (llm: LlmTriage, previousSeverity: 'minor' | 'major' | 'critical' | null = null) =>
    createLlmReasoner({ llm, logs: null, playbooks: [playbook] } as unknown as LlmReasonPorts).run({ incidentId: 'INC-0100', alerts: [], reasoning, knowledge, evidence, now: new Date(), previousSeverity });

  it('keeps only similar incidents it was shown, and notes the others', async () => {
    const { evidence: added } = await run(answering({ sameRootCause: ['INC-0042', 'INC-9999'] }));
    expect(added.llm).toMatchObject({ sameRootCause: ['INC-0042'], ignoredIncidents: ['INC-9999'] });
  });

  it('never lowers the severity', async () => {
    const { reasoning: merged, evidence: added } = await run(answering({ severity: 'minor' }));
    expect(merged.severity).toBe('major');
    expect(added.llm?.notes).toEqual([expect.stringContaining('never lowers')]);
  });

  it('does not raise the severity on a reply below the confidence threshold', async () => {
    const { reasoning: merged } = await run(answering({ severity: 'critical', confidence: MIN_CONFIDENCE_TO_RAISE - 0.1 }));
    expect(merged.severity).toBe('major');
  });

  it('fills a missing category, but never replaces one the playbook gave', async () => {
    expect((await run(answering({ category: 'traffic' }))).reasoning.category).toBe('traffic');
    const withCategory = await createLlmReasoner({ llm: answering({ category: 'traffic' }), logs: null, playbooks: [] } as unknown as LlmReasonPorts).run({ incidentId: 'INC-1', alerts: [], reasoning: { ...reasoning, category: 'infrastructure' }, knowledge, evidence, now: new Date() });
    expect(withCategory.reasoning.category).toBe('infrastructure');
  });

  it('does not take back a raise already shown when the model is unavailable later', async () => {
    const unavailable: LlmTriage = { assess: async () => ({ kind: 'unavailable', reason: 'the endpoint answered 500', toolCalls: [] }) };
    const { reasoning: merged, evidence: added } = await run(unavailable, 'critical');
    expect(merged.severity).toBe('critical');
    expect(added).toEqual({ llmUnavailable: { reason: 'the endpoint answered 500', toolCalls: [] } });
  });

  it('changes nothing without a model', async () => {
    const result = await createLlmReasoner({ llm: null } as unknown as LlmReasonPorts).run({ incidentId: 'INC-1', alerts: [], reasoning, knowledge, evidence, now: new Date(), previousSeverity: 'critical' });
    expect(result).toEqual({ reasoning, evidence: {} });
  });
});

describe('the pipeline with an LLM behind the OpenAI API', () => {
  const db = useStore('pglite');
  const server = new FakeOpenAiServer();
  let baseURL = '';
  beforeAll(async () => {
    baseURL = await server.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });
  const llm = () => new OpenAiLlmTriage({ baseURL, apiKey: 'sk-pipeline-test-0123456789', model: 'test-model', maxRetries: 0, callTimeoutMs: 2000 });

  async function openIncident(triage: TriageHarness) {
    const alertId = await triage.fire(10, dbConnections);
    await triage.advance(10 + triage.policy.maxHoldS + 60);
    const incidentId = (await triage.alert(alertId)).incident_id;
    if (incidentId === null) throw new Error('expected an incident');
    return triage.incident(incidentId);
  }

  describe('when the model proposes a playbook action and one that is not in the playbook', () => {
    it('keeps the playbook action, refuses the other, raises the severity and escalates', async () => {
      server.handle((request) => {
        const evidence = request.body.messages.find((message) => message.role === 'user')?.content ?? '';
        expect(evidence).toContain('restart-pool');
        return { content: triageReply({ severity: 'critical', category: 'infrastructure', confidence: 0.9, proposedActions: [{ id: 'restart-pool', why: 'the pool is exhausted' }, { id: 'drop-database', why: 'start afresh' }] }) };
      });
      const triage = new TriageHarness(db(), { playbooks: [playbook], llm: llm() });
      const incident = await openIncident(triage);
      expect(incident.playbook_id).toBe('db-pool');
      expect(incident.severity).toBe('critical');
      const added = incident.evidence.llm as Record<string, unknown>;
      expect(added.proposedActions).toEqual([{ id: 'restart-pool', title: 'Restart the connection pooler', why: 'the pool is exhausted' }]);
      expect(added.refusedActions).toEqual([{ id: 'drop-database', why: 'not an action of playbook db-pool' }]);
      expect(added).toMatchObject({ model: 'test-model', impact: 'About a third of customers cannot pay', rootCause: expect.stringContaining('connection pool'), applied: { severity: { from: 'major', to: 'critical' } } });
      expect(incident.evidence.symptom).toBeTypeOf('string');
      expect(triage.notifier.events.some((event) => event.kind === 'escalated' && event.incidentId === incident.id)).toBe(true);
    });
  });

  describe('when the endpoint fails', () => {
    it('keeps the deterministic triage and says the LLM was unavailable', async () => {
      server.script({ status: 500 });
      const triage = new TriageHarness(db(), { playbooks: [playbook], llm: llm() });
      const incident = await openIncident(triage);
      expect(incident.severity).toBe('major');
      expect(incident.evidence.llm).toBeUndefined();
      expect(incident.evidence.llmUnavailable).toMatchObject({ reason: expect.stringContaining('500') });
      expect(incident.evidence.actions).toEqual([{ id: 'restart-pool', title: 'Restart the connection pooler', kind: 'noop', risk: 'low' }]);
      expect(triage.notified()).toEqual([incident.id]);
    });
  });
});
