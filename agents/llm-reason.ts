/**
 * LLM reason: asks an optional OpenAI-compatible model for the triage a senior engineer would write, then keeps
 * only what the evidence allows. It only ever adds to the deterministic reasoning:
 * - severity may be raised (never lowered), and only by a confident reply;
 * - the root-cause category fills a gap (the deterministic one stands when there is one);
 * - symptom, impact and root cause are stored apart, beside the deterministic text, never instead of it;
 * - proposed actions are only ids of the matched playbook's actions; any other is dropped and noted;
 * - "same root cause" are only ids of the similar incidents it was shown; others are dropped and noted.
 * Suppression, grouping, notification, the playbook and the similar list are decided before and never touched,
 * so `firebreak eval --llm` scores exactly as without it. No model, or a failing one: the incident says so.
 */
import { maxSeverity, severityRank, type Severity } from '../src/domain/incident.js';
import type { Playbook } from '../src/domain/playbook.js';
import type { StoredAlert } from './ports/alert-log.js';
import type { ChangeLog } from './ports/change-log.js';
import type { IncidentHistory } from './ports/incident-history.js';
import type { IncidentLog } from './ports/incident-log.js';
import type { LlmTriage, LlmTriageInput } from './ports/llm-triage.js';
import type { LogSource } from './ports/log-source.js';
import type { IncidentEvidence } from './incident-evidence.js';
import type { Knowledge } from './knowledge.js';
import { createLlmTools } from './lib/llm-tools.js';
import type { Reasoning } from './reason.js';

/** Below this confidence a reply may still add text, but it does not raise the severity. */
export const MIN_CONFIDENCE_TO_RAISE = 0.6;

export interface LlmReasonPorts {
  llm?: LlmTriage | null;
  logs: LogSource | null;
  changeLog: ChangeLog;
  history: IncidentHistory;
  incidentLog: IncidentLog;
  playbooks: readonly Playbook[];
}

export interface LlmReasonInput {
  incidentId: string;
  alerts: readonly StoredAlert[];
  reasoning: Reasoning;
  knowledge: Knowledge;
  evidence: IncidentEvidence;
  now: Date;
  /** The incident's severity before this refresh: a raise shown to humans is not taken back by a later reply. */
  previousSeverity?: Severity | null;
}

/** The reasoning to save (the deterministic one, possibly with a raised severity or a filled category) and what to add to the incident's evidence. */
export interface LlmReasonResult {
  reasoning: Reasoning;
  evidence: { llm?: Record<string, unknown>; llmUnavailable?: { reason: string; toolCalls: unknown[] } };
}

export function createLlmReasoner(ports: LlmReasonPorts) {
  const llm = ports.llm ?? null;
  return {
    async run(input: LlmReasonInput): Promise<LlmReasonResult> {
      const { reasoning, knowledge, evidence } = input;
      if (llm === null) return { reasoning, evidence: {} };
      const playbook = knowledge.playbook;
      const actions = playbook?.actions.map((action) => ({ id: action.id, title: action.title, risk: action.risk })) ?? [];
      const request: LlmTriageInput = {
        incidentId: input.incidentId,
        now: input.now,
        alerts: input.alerts.map((alert) => ({ source: alert.source, service: alert.service, severity: alert.severity, title: alert.title, message: alert.message, labels: alert.labels, firstReceivedAt: alert.firstReceivedAt })),
        deterministic: reasoning,
        changes: evidence.suspects.map((suspect) => ({ kind: suspect.change.kind, service: suspect.change.service, version: suspect.change.version, at: suspect.change.at, why: suspect.why })),
        logs: evidence.logLines,
        playbook: playbook === null ? null : { id: playbook.id, title: playbook.title, checklist: playbook.checklist, diagnosis: playbook.diagnosis, actions },
        similar: knowledge.similar.map((similar) => ({ id: similar.id, why: similar.why })),
        tools: createLlmTools(ports, input.incidentId, input.now),
      };
      const outcome = await llm.assess(request);
      if (outcome.kind === 'unavailable') {
        const severity = maxSeverity(reasoning.severity, input.previousSeverity ?? reasoning.severity);
        return { reasoning: { ...reasoning, severity }, evidence: { llmUnavailable: { reason: outcome.reason, toolCalls: outcome.toolCalls } } };
      }

      const reply = outcome.reply;
      const confidence = Math.min(1, Math.max(0, reply.confidence));
      const allowedActions = new Map(actions.map((action) => [action.id, action]));
      const proposed = reply.proposedActions.filter((action) => allowedActions.has(action.id));
      const refusedActions = reply.proposedActions
        .filter((action) => !allowedActions.has(action.id))
        .map((action) => ({ id: action.id, why: playbook === null ? 'no playbook matched: no action can be proposed' : `not an action of playbook ${playbook.id}` }));
      const shown = new Set(knowledge.similar.map((similar) => similar.id));
      const sameRootCause = [...new Set(reply.sameRootCause)].filter((id) => shown.has(id));
      const ignoredIncidents = [...new Set(reply.sameRootCause)].filter((id) => !shown.has(id));

      const raise = severityRank(reply.severity) > severityRank(reasoning.severity) && confidence >= MIN_CONFIDENCE_TO_RAISE;
      const kept = input.previousSeverity ?? reasoning.severity;
      const severity = maxSeverity(raise ? maxSeverity(reasoning.severity, reply.severity) : reasoning.severity, kept);
      const fillCategory = reasoning.category === null && reply.category !== 'unknown';
      const category = fillCategory ? reply.category : reasoning.category;
      const notes: string[] = [];
      if (severityRank(reply.severity) < severityRank(reasoning.severity)) notes.push(`severity ${reply.severity} not applied: the LLM never lowers the deterministic ${reasoning.severity}`);
      else if (severityRank(reply.severity) > severityRank(reasoning.severity) && !raise) notes.push(`severity ${reply.severity} not applied: confidence ${confidence} is below ${MIN_CONFIDENCE_TO_RAISE}`);
      if (reasoning.category !== null && reply.category !== reasoning.category) notes.push(`category ${reply.category} not applied: the playbook or the suspect change says ${reasoning.category}`);

      return {
        reasoning: { ...reasoning, severity, category },
        evidence: {
          llm: {
            model: outcome.model,
            confidence,
            symptom: reply.symptom,
            impact: reply.impact,
            rootCause: reply.rootCause,
            category: reply.category,
            severity: reply.severity,
            proposedActions: proposed.map((action) => ({ id: action.id, title: allowedActions.get(action.id)?.title ?? action.id, why: action.why })),
            refusedActions,
            sameRootCause,
            ignoredIncidents,
            applied: { severity: raise ? { from: reasoning.severity, to: severity } : null, category: fillCategory ? category : null },
            notes,
            toolCalls: outcome.toolCalls,
            tokens: outcome.tokens,
            latencyMs: outcome.latencyMs,
            ...(outcome.reusedFrom === undefined ? {} : { reusedFrom: outcome.reusedFrom }),
          },
        },
      };
    },
  };
}
