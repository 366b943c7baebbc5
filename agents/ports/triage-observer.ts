/**
 * What the pipeline reports as it decides, for /metrics (the worker wires prom-client to it) and for tests.
 * Implementations must not throw and must not block: they count.
 */
export interface TriageObserver {
  decided(outcome: 'suppressed' | 'held' | 'attached' | 'opened' | 'duplicate' | 'resolved' | 'promoted', alert: { source: string; receivedAt: string }): void;
  suppressed(reason: string): void;
  incidentOpened(severity: string): void;
  notified(secondsSinceFirstAlert: number): void;
}

export const SILENT_OBSERVER: TriageObserver = {
  decided: () => undefined,
  suppressed: () => undefined,
  incidentOpened: () => undefined,
  notified: () => undefined,
};
