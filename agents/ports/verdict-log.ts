/** Counts of human verdicts on one rule: the raw material of its false-positive rate. */
export interface RuleVerdicts {
  falsePositives: number;
  truePositives: number;
}

/** Human verdicts. `forRule` counts the verdicts recorded on (source, rule) before `before`. */
export interface VerdictLog {
  forRule(source: string, rule: string, before: Date): Promise<RuleVerdicts>;
}
