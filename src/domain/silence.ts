/** A planned-maintenance window: alerts whose labels all match the regexes, firing inside it, are `maintenance`. */
export interface Silence {
  id: number | null;
  /** label name -> regular expression (anchored by the author when they mean it: `^checkout$`). */
  matchers: Record<string, string>;
  startsAt: string;
  endsAt: string;
  comment: string | null;
  createdBy: string | null;
}
