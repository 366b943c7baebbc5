/**
 * Telling humans. The decide agent calls it when it opens, extends or escalates an incident; the Slack adapter
 * (src/slack) implements it, and without Slack a logging adapter does (proposals stay listed by the CLI).
 *
 * An implementation must guarantee:
 * - idempotence per incident and event: a retried job calling `incidentOpened` twice posts one message
 *   (an outbox in the store, never in memory);
 * - no blocking on the remote side: it records the intent durably and returns; delivery, retries with backoff,
 *   429 Retry-After and batching of bursts happen behind it;
 * - it reads the incident's current state from the store itself, so the message shows what is true when sent.
 */
export interface IncidentNotifier {
  incidentOpened(incidentId: string): Promise<void>;
  incidentUpdated(incidentId: string, update: IncidentUpdate): Promise<void>;
  escalate(incidentId: string, reason: string): Promise<void>;
}

export type IncidentUpdate =
  | { kind: 'alert-joined'; alertId: number; title: string }
  | { kind: 'alert-resolved'; alertId: number; title: string }
  | { kind: 'severity-raised'; from: string; to: string }
  | { kind: 'note'; text: string };
