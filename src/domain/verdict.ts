/** A human's judgement of an alert or of a rule: the raw material of false-positive rates. */
export const VERDICTS = ['false_positive', 'true_positive'] as const;
export type VerdictValue = (typeof VERDICTS)[number];

export interface Verdict {
  /** The rule judged (see Alert.rule). */
  rule: string;
  source: string | null;
  alertId: number | null;
  labels: Record<string, string>;
  title: string | null;
  verdict: VerdictValue;
  by: string | null;
  at: string;
}
