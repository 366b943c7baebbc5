/**
 * Time as the pipeline sees it. Production passes the wall clock; `firebreak eval` passes a virtual clock that
 * stands at each replayed event's time. Agents never call Date.now(): that is what makes a replay deterministic.
 */
export interface Clock {
  now(): Date;
}
