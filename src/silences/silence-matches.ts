/**
 * Whether a silence's matchers all match an alert: each matcher is a regular expression tested against the label of
 * that name (unanchored, as written: `^checkout$` when exact is meant), and `service` falls back to the alert's
 * service when no label carries that name. A matcher that does not compile matches nothing.
 *
 * This is the rule of agents/noise-filter.ts (its `silenceMatches` is not exported): a dry run must show exactly
 * what the noise filter would suppress, so the two must not drift. TODO(issue 5): import it from the agent once
 * it is exported, and delete this copy.
 * @example silenceMatches({ service: '^checkout$' }, { alertname: 'NodeDown' }, 'checkout') // true
 */
export function silenceMatches(matchers: Record<string, string>, labels: Record<string, string>, service: string | null): boolean {
  return Object.entries(matchers).every(([name, pattern]) => {
    const value = labels[name] ?? (name === 'service' ? service ?? undefined : undefined);
    if (value === undefined) return false;
    try {
      return new RegExp(pattern).test(value);
    } catch {
      return false;
    }
  });
}
