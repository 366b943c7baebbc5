/** Counts of human verdicts on one rule: the raw material of its false-positive rate. */
export interface RuleVerdicts {
  falsePositives: number;
  truePositives: number;
  /**
   * Of those, the past incidents of the imported history that name the rule: closed as false positives, or
   * resolved as real ones (what the team knew before any verdict was recorded on the rule).
   */
  pastIncidents?: { falsePositives: number; truePositives: number };
}

/** A standing decision a human approved on a rule (a rule change offered after a false positive). */
export interface RuleOverride {
  by: string | null;
  at: string;
  /** Why, as recorded: the incident and action run it came from. */
  reason: string;
}

/** What humans decided about a rule beyond their verdicts; null where they decided nothing. */
export interface RuleOverrides {
  /** Treat the rule as known-noisy whatever its verdict counts say (corroboration still lifts it). */
  knownNoisy: RuleOverride | null;
  /** Hold its lone alerts this long instead of the hold learned from its episodes. */
  hold: (RuleOverride & { holdS: number }) | null;
}

export const NO_RULE_OVERRIDES: Readonly<RuleOverrides> = Object.freeze({ knownNoisy: null, hold: null });

/**
 * Human verdicts and the rule overrides that follow from them. `forRule` counts the verdicts recorded on
 * (source, rule) before `before`; `overridesFor` returns the latest override of each kind recorded on (source, rule)
 * at or before `at` (never one recorded later, so a replay decides as it did then).
 */
export interface VerdictLog {
  forRule(source: string, rule: string, before: Date): Promise<RuleVerdicts>;
  overridesFor(source: string, rule: string, at: Date): Promise<RuleOverrides>;
}
