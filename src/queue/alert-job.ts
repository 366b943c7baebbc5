import type { Alert, AlertSource } from '../domain/alert.js';
import type { ChangeEvent } from '../domain/change-event.js';

/** The BullMQ queue every receiver writes to and the triage worker reads. */
export const ALERTS_QUEUE = 'alerts';

/**
 * What a receiver enqueues: one job per delivery (one HTTP request), holding every alert its body carried,
 * already normalised. `deliveryKey` is the job id, derived from the delivery (Sentry's Request-ID, or a hash of
 * the body), so a redelivered body is refused by BullMQ as a duplicate job instead of being triaged twice.
 */
export type AlertJob =
  | { kind: 'alerts'; source: AlertSource; deliveryKey: string; receivedAt: string; alerts: Alert[] }
  | { kind: 'change'; deliveryKey: string; receivedAt: string; change: ChangeEvent }
  /** A held alert's time is up (transient hold, or the safety net on a suppression): decide again. */
  | { kind: 'recheck'; deliveryKey: string; alertId: number; reason: string; dueAt: string };
