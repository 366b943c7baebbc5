import type { Silence } from '../../src/domain/silence.js';
import type { AlertEpisode, RuleEpisodeCounts, StoredAlert } from './alert-log.js';
import type { StoredChange } from './change-log.js';
import type { TriageIncident } from './incident-log.js';
import type { RuleOverrides, RuleVerdicts } from './verdict-log.js';

/**
 * The windows a new alert's context is read over, all set from the decision's time; each "since" is inclusive, and
 * the episodes end before the alert's first receipt.
 */
export interface ContextWindows {
  /** Active incidents whose last alert came at or after this. */
  incidentsSince: Date;
  /** Undecided alerts first received since this. */
  undecidedSince: Date;
  /** Unsuppressed alerts counted by service and incident since this (the storm window), the latest `burstLimit` of them. */
  burstSince: Date;
  burstLimit: number;
  /** Changes that went out in [changesFrom, now]. */
  changesFrom: Date;
  /** Episodes of the alert's fingerprint, and of its rule on its service, started in [fingerprintSince, before). */
  fingerprintSince: Date;
  /**
   * The episodes of the alert's rule started in [ruleSince, before), the latest `ruleLatest` of them, are counted
   * (RuleEpisodeCounts)...
   */
  ruleSince: Date;
  ruleLatest: number;
  /** ... an episode resolved within this many seconds having resolved by itself. */
  transientMaxS: number;
}

/** A context to read: the alert's, at `now`, over the windows; `before` is the alert's first receipt. */
export interface AlertContextQuery extends ContextWindows {
  alert: Pick<StoredAlert, 'id' | 'source' | 'fingerprint' | 'rule' | 'service' | 'firstReceivedAt'>;
  now: Date;
}

/** Alerts of one service and incident in the storm window. */
export interface BurstGroup {
  service: string | null;
  incidentId: string | null;
  alerts: number;
}

/**
 * Everything the correlator and the noise filter read about a new alert, as the store held it at one moment:
 * the same facts the single-purpose reads return where they exist (IncidentLog.active, ChangeLog.between,
 * VerdictLog.forRule ...), with the same ordering, for the same windows.
 */
export interface AlertContext {
  incidents: TriageIncident[];
  undecided: StoredAlert[];
  burst: BurstGroup[];
  changes: StoredChange[];
  silences: Silence[];
  fingerprintEpisodes: AlertEpisode[];
  /** Episodes of the alert's rule on the alert's service (the same window as the fingerprint's). */
  serviceRuleEpisodes: AlertEpisode[];
  /** How the rule's episodes ended (AlertLog.ruleEpisodeCounts over [ruleSince, before)). */
  ruleEpisodeCounts: RuleEpisodeCounts;
  /** Verdicts recorded on the alert's rule before `now`. */
  verdicts: RuleVerdicts;
  /** Overrides in force on the alert's rule at `now`. */
  overrides: RuleOverrides;
}

/**
 * Reads a new alert's context in one go. Triage asks this for every alert it decides, so an implementation should
 * make it one round trip to the store; it must see every write that returned before it (read-your-writes).
 */
export interface AlertContextReader {
  read(query: AlertContextQuery): Promise<AlertContext>;
}
