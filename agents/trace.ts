/**
 * One line of an alert's decision trace: which step decided what, and why, with the evidence it used. The trace
 * is what `firebreak explain ALERT_ID` prints, what the incident page and Slack show: no alert is silently ignored.
 */
export interface TraceEntry {
  at: string;
  step: 'dedupe' | 'noise' | 'correlate' | 'knowledge' | 'reason' | 'decide' | 'safety-net';
  decision: string;
  reason: string;
  evidence?: Record<string, unknown>;
}

export function traceEntry(at: Date, step: TraceEntry['step'], decision: string, reason: string, evidence?: Record<string, unknown>): TraceEntry {
  return evidence === undefined ? { at: at.toISOString(), step, decision, reason } : { at: at.toISOString(), step, decision, reason, evidence };
}
