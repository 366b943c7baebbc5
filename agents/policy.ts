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
  /** A resolution later than this after firing is not "by itself within minutes". */
  transientMaxS: number;
  /** How far back a rule's episodes are read to learn its behaviour. */
  learningWindowS: number;
  /** Episodes needed before a rule's own behaviour overrides the default hold. */
  learningMinEpisodes: number;
  /** Share of quick self-resolutions below which a rule is not held at all. */
  holdWorthyShare: number;
  /** Flapping: at least this many earlier episodes of the same alert within the window. */
  flappingMinEpisodes: number;
  flappingWindowS: number;
  /** Known-noisy: at least this many false-positive verdicts, at this share of all verdicts on the rule. */
  knownNoisyMinFalsePositives: number;
  knownNoisyMinRate: number;
  /** Recent changes on a related service count as corroboration and as suspects this far back. */
  changeLookbackS: number;
  /** Related held or suppressed alerts this recent are pulled into a new incident. */
  corroborationWindowS: number;
  /** A suppressed known-noisy alert still firing after this long is promoted (safety net). */
  safetyNetAfterS: number;
  /** Past incidents shown. */
  similarLimit: number;
}

export const DEFAULT_TRIAGE_POLICY: Readonly<TriagePolicy> = Object.freeze({
  correlationWindowS: 1800,
  defaultHoldS: 390,
  minHoldS: 120,
  maxHoldS: 1200,
  transientMaxS: 1200,
  learningWindowS: 30 * 86400,
  learningMinEpisodes: 3,
  holdWorthyShare: 0.3,
  flappingMinEpisodes: 2,
  flappingWindowS: 7200,
  knownNoisyMinFalsePositives: 2,
  knownNoisyMinRate: 0.6,
  changeLookbackS: 3600,
  corroborationWindowS: 900,
  safetyNetAfterS: 6 * 3600,
  similarLimit: 5,
});
