import type { Alert } from '../../src/domain/alert.js';
import type { TraceEntry } from '../trace.js';
import type { AlertContext, ContextWindows } from './alert-context.js';

/** An alert episode as the store keeps it (one firing episode of a fingerprint). */
export interface StoredAlert {
  id: number;
  source: string;
  fingerprint: string;
  rule: string;
  status: 'firing' | 'resolved';
  title: string;
  message: string;
  service: string | null;
  environment: string | null;
  severity: string | null;
  labels: Record<string, string>;
  startsAt: string;
  firstReceivedAt: string;
  lastReceivedAt: string;
  resolvedAt: string | null;
  repeats: number;
  incidentId: string | null;
  suppressed: string | null;
  heldUntil: string | null;
}

/**
 * What a notification was, once recorded:
 * - `new`: a new firing episode; `repeat`: the alert was already firing (a re-notification, an HA peer's copy);
 * - `redelivery`: the very same delivery seen before (same delivery key);
 * - `resolved`: it closed a firing episode; `resolved-unknown`: a resolution for no firing episode we know.
 */
export type DeliveryOutcome = 'new' | 'repeat' | 'redelivery' | 'resolved' | 'resolved-unknown';

/** What recording a notification made of it; `context` only as AlertLog.record tells. */
export interface RecordedDelivery {
  outcome: DeliveryOutcome;
  alert: StoredAlert | null;
  context?: AlertContext;
}

/** How a rule's past episodes ended, counted: what the hold a rule deserves is learned from. */
export interface RuleEpisodeCounts {
  /** Episodes that resolved, or that fired long enough to show they would not resolve by themselves. */
  decided: number;
  /** Of them, those that resolved by themselves. */
  resolvedQuickly: number;
  /** Seconds the slowest of those took; null when there are none. */
  slowestQuickS: number | null;
}

/** A past episode of a rule or fingerprint: what flapping and transient detection learn from. */
export interface AlertEpisode {
  id: number;
  fingerprint: string;
  service: string | null;
  firstReceivedAt: string;
  resolvedAt: string | null;
}

/**
 * The alert log. Implementations must guarantee:
 * - `record` is atomic per alert: two concurrent deliveries of one firing alert create one episode (one `new`,
 *   the other `repeat`), and a delivery key is recorded once (the second is a `redelivery`);
 * - every other write is idempotent (a retried job repeats it harmlessly);
 * - reads see all writes made before them (read-your-writes; no cache across processes). A write that returns
 *   nothing may still be under way when it returns (a decision waits on its reads, not on its writes), provided
 *   what is read next sees it and its failure fails the decision.
 */
export interface AlertLog {
  /**
   * Records a notification at `at`. Given `contextOf`, a `new` episode comes back with its context, read at `at`
   * over those windows as AlertContextReader.read would read it, in the same step (for the store, the same round
   * trip), but without the new episode itself, which every reader of a context leaves out.
   */
  record(alert: Alert, deliveryKey: string, at: Date, contextOf?: ContextWindows): Promise<RecordedDelivery>;
  get(id: number): Promise<StoredAlert | null>;
  /** Suppresses with a reason (recorded as a suppression, never a silent drop); clears any hold. Appends `trace`. */
  suppress(id: number, reason: string, detail: Record<string, unknown>, at: Date, trace: TraceEntry[]): Promise<void>;
  /** Lifts a suppression, keeping the record of it with why it was lifted. Appends `trace`. */
  lift(id: number, reason: string, at: Date, trace: TraceEntry[]): Promise<void>;
  /** Holds the alert until a time. Appends `trace`. */
  hold(id: number, until: Date, trace: TraceEntry[]): Promise<void>;
  /** Appends decision-trace entries (the state-changing calls take theirs along, in the same write). */
  trace(id: number, entries: TraceEntry[]): Promise<void>;
  /**
   * How the latest `latest` episodes of a rule (same source) that started in [since, before) ended, as of `now`: an
   * episode resolved within `transientMaxS` of its first receipt resolved by itself.
   */
  ruleEpisodeCounts(source: string, rule: string, since: Date, before: Date, now: Date, transientMaxS: number, latest: number): Promise<RuleEpisodeCounts>;
  /** Alerts attached to an incident, first received first. */
  ofIncident(incidentId: string): Promise<StoredAlert[]>;
}
