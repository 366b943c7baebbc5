/**
 * What triage made of an alert episode, read from the three columns that hold it: the incident it belongs to, the
 * reason it was suppressed, or the time it is held until; none of them means it is not decided (yet). One reading
 * for `firebreak alerts`, `firebreak explain` and the worker's log line, so they never disagree.
 *
 * An incident wins over the rest: a suppression lifted into an incident keeps its alert in the incident, and
 * attaching or suppressing an alert ends its hold.
 *
 * @example alertDecision({ incidentId: null, suppressed: 'transient', heldUntil: null }) // { kind: 'suppressed', reason: 'transient' }
 */
export type AlertDecision =
  | { kind: 'incident'; incidentId: string }
  | { kind: 'suppressed'; reason: string }
  | { kind: 'held'; until: string }
  | { kind: 'undecided' };

export interface AlertDecisionState {
  incidentId: string | null;
  suppressed: string | null;
  heldUntil: string | null;
}

export function alertDecision(state: AlertDecisionState): AlertDecision {
  if (state.incidentId !== null) return { kind: 'incident', incidentId: state.incidentId };
  if (state.suppressed !== null) return { kind: 'suppressed', reason: state.suppressed };
  if (state.heldUntil !== null) return { kind: 'held', until: state.heldUntil };
  return { kind: 'undecided' };
}

/**
 * The decision in a few words: `in INC-0003`, `suppressed: transient`, `held until 2025-06-02 08:05:00Z`,
 * `undecided`.
 */
export function describeDecision(decision: AlertDecision): string {
  switch (decision.kind) {
    case 'incident':
      return `in ${decision.incidentId}`;
    case 'suppressed':
      return `suppressed: ${decision.reason}`;
    case 'held':
      return `held until ${decision.until.slice(0, 10)} ${decision.until.slice(11, 19)}Z`;
    case 'undecided':
      return 'undecided';
  }
}
