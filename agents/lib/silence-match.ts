import { compileRegex } from '../../src/domain/compile-regex.js';

/**
 * Whether a silence's matchers all match an alert: each matcher is a regular expression (a leading `(?i)` makes
 * it case-insensitive) tested against the label of that name, unanchored as written (`^checkout$` when exact is
 * meant); `service` falls back to the alert's service when no label carries that name. A matcher that does not
 * compile matches nothing. The noise filter and `firebreak silence add --dry-run` both use this one rule.
 * @example silenceMatches({ service: '^checkout$' }, { alertname: 'NodeDown' }, 'checkout') // true
 */
export function silenceMatches(matchers: Record<string, string>, labels: Record<string, string>, service: string | null): boolean {
  return Object.entries(matchers).every(([name, pattern]) => {
    const value = labels[name] ?? (name === 'service' ? service ?? undefined : undefined);
    if (value === undefined) return false;
    try {
      return compileRegex(pattern).test(value);
    } catch {
      return false;
    }
  });
}
