import type { RootCauseCategory, Severity } from '../../src/domain/incident.js';
import type { LogLine } from './log-source.js';

/** A past incident offered to the model as a candidate for "the same root cause". */
export interface LlmSimilarCandidate {
  id: string;
  why: string[];
}

/** A playbook action the model may propose: only these ids can ever come back as proposals. */
export interface LlmActionChoice {
  id: string;
  title: string;
  risk: string;
}

/**
 * The read-only tools the model may call while it reasons (chat-completions tool calling). Each returns plain
 * data; none can change anything. Implementations bound what they return (lines, rows).
 */
export interface LlmTools {
  searchLogs(query: { service: string; from: Date; to: Date; contains?: string }): Promise<{ lines: LogLine[]; errors: string[] }>;
  recentChanges(query: { service?: string; sinceMinutes: number }): Promise<Array<{ kind: string; service: string; version: string | null; at: string; description: string | null }>>;
  similarIncidents(query: { words: string[]; service?: string }): Promise<Array<{ id: string; title: string; service: string | null; category: string | null; rootCause: string | null; playbookId: string | null }>>;
  readPlaybook(id: string): Promise<{ id: string; title: string; checklist: string[]; diagnosis: string; actions: LlmActionChoice[] } | null>;
  openIncidents(): Promise<Array<{ id: string; title: string; service: string | null; severity: string; createdAt: string }>>;
}

/** Everything the model is shown about one incident: the evidence the deterministic triage gathered. */
export interface LlmTriageInput {
  incidentId: string;
  now: Date;
  alerts: Array<{ source: string; service: string | null; severity: string | null; title: string; message: string; labels: Record<string, string>; firstReceivedAt: string }>;
  deterministic: { title: string; severity: Severity; category: RootCauseCategory | null; symptom: string; suspectedCause: string | null };
  changes: Array<{ kind: string; service: string; version: string | null; at: string; why: string[] }>;
  logs: string[];
  playbook: { id: string; title: string; checklist: string[]; diagnosis: string; actions: LlmActionChoice[] } | null;
  similar: LlmSimilarCandidate[];
  tools: LlmTools;
}

/** One tool call the model made and what it was answered (kept for the decision trace, already redacted). */
export interface LlmToolCall {
  tool: string;
  arguments: unknown;
  result: unknown;
  error?: string;
}

/** The model's reply as the adapter validated its shape (not yet checked against the evidence). */
export interface LlmReply {
  symptom: string;
  impact: string;
  rootCause: string;
  category: RootCauseCategory;
  severity: Severity;
  proposedActions: Array<{ id: string; why: string }>;
  sameRootCause: string[];
  confidence: number;
}

/**
 * The outcome of asking the model: an assessment, or why it is unavailable (not configured is `null` at the
 * port's level: no LLM at all). Tool calls are reported either way.
 */
export type LlmAssessment =
  | {
      kind: 'assessed';
      model: string;
      reply: LlmReply;
      toolCalls: LlmToolCall[];
      tokens: number;
      latencyMs: number;
      /** Set when an earlier assessment of the same incident was reused (its time): the evidence had not changed much. */
      reusedFrom?: string;
    }
  | { kind: 'unavailable'; reason: string; toolCalls: LlmToolCall[] };

/**
 * An OpenAI-compatible model asked for a triage. An implementation must never throw: every failure (timeout,
 * HTTP error, invalid reply, open circuit) is an `unavailable` outcome with a log-safe reason, so the
 * deterministic triage stands. It must redact secrets from everything it sends and bound its steps, tokens
 * and time.
 */
export interface LlmTriage {
  assess(input: LlmTriageInput): Promise<LlmAssessment>;
}
