/**
 * The knobs of the triage, with the defaults a careful on-call team would pick. Times in seconds. They are
 * policy, not per-company tuning: what a scenario teaches (resolve times, verdicts, silences) is learned from
 * its data at run time.
 */
export interface TriagePolicy {
  /** An incident takes new related alerts while its last alert is at most this old. */
  correlationWindowS: number;
  /** Hold for a lone alert of a rule never seen before: one Alertmanager/Grafana group interval plus margin. */
  defaultHoldS: number;
  /** Bounds of a learned hold. */
  minHoldS: number;
  maxHoldS: number;
  /** Longest hold a human may set on a rule (a longer-hold rule change): later than this, a page is no use. */
  maxHoldOverrideS: number;
  /** A resolution later than this after firing is not "by itself within minutes". */
  transientMaxS: number;
  /** How far back a rule's episodes are read to learn its behaviour. */
  learningWindowS: number;
  /** Episodes needed before a rule's own behaviour overrides the default hold. */
  learningMinEpisodes: number;
  /**
   * At most this many of a rule's latest episodes in the window are read: each new alert of the rule reads them, and
   * a rule firing every few minutes has thousands a month, which would make its every decision slower.
   */
  learningMaxEpisodes: number;
  /** Share of quick self-resolutions below which a rule is not held at all. */
  holdWorthyShare: number;
  /** Flapping: at least this many earlier episodes of the same alert within the window. */
  flappingMinEpisodes: number;
  flappingWindowS: number;
  /** Known-noisy: at least this many false-positive verdicts, at this share of all verdicts on the rule. */
  knownNoisyMinFalsePositives: number;
  knownNoisyMinRate: number;
  /** Changes on a related service are suspects this far back. */
  changeLookbackS: number;
  /** A change this recent on a related service means a new alert is not held (it follows a deploy). */
  changeCorroborationS: number;
  /** An alert naming no entity joins the incident that received an alert at most this long ago. */
  entitylessJoinS: number;
  /**
   * An alert that shares no entity with an incident, only its playbook, joins it while its last alert is at most
   * this old: with nothing in common but the kind of trouble, only a cascade under way ties them; later, it is a new
   * incident of the same kind, and an incident that went quiet would take it without a page.
   */
  playbookJoinS: number;
  /** Related alerts corroborate when the product of their rules' noise likelihoods is at most this. */
  corroborationMaxLikelihood: number;
  /** A recent change corroborates an alert whose rule's noise likelihood is at most this. */
  changeCorroborationMaxLikelihood: number;
  /** Related held or suppressed alerts this recent are pulled into a new incident. */
  corroborationWindowS: number;
  /**
   * A storm: alerts on at least `stormMinServices` distinct services within `stormWindowS` are one incident
   * (a zone, a network, a shared dependency failing), whether or not their labels name each other.
   */
  stormWindowS: number;
  stormMinServices: number;
  /**
   * The storm window is read from its latest alerts, at most this many: in a storm of thousands, the last few
   * hundred name its services and the incident holding it as well, and each alert's cost stays bounded.
   */
  stormLatestAlerts: number;
  /** A suppressed known-noisy alert still firing after this long is promoted (safety net). */
  safetyNetAfterS: number;
  /** Past incidents shown. */
  similarLimit: number;
}

export const DEFAULT_TRIAGE_POLICY: Readonly<TriagePolicy> = Object.freeze({
  correlationWindowS: 3600,
  defaultHoldS: 390,
  minHoldS: 120,
  maxHoldS: 1860,
  maxHoldOverrideS: 3600,
  transientMaxS: 1800,
  learningWindowS: 30 * 86400,
  learningMinEpisodes: 3,
  learningMaxEpisodes: 500,
  holdWorthyShare: 0.3,
  flappingMinEpisodes: 3,
  flappingWindowS: 6 * 3600,
  knownNoisyMinFalsePositives: 2,
  knownNoisyMinRate: 0.6,
  changeLookbackS: 3600,
  changeCorroborationS: 1200,
  corroborationWindowS: 900,
  corroborationMaxLikelihood: 0.3,
  entitylessJoinS: 900,
  playbookJoinS: 900,
  changeCorroborationMaxLikelihood: 0.7,
  stormWindowS: 180,
  stormMinServices: 3,
  stormLatestAlerts: 200,
  safetyNetAfterS: 24 * 3600,
  similarLimit: 5,
});
