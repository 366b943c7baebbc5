import type { ScenarioEvent } from '../../../src/eval/scenario.js';
import { normalizeAlertmanager } from '../../../src/http/receivers/alertmanager.js';
import { normalizeGrafana } from '../../../src/http/receivers/grafana.js';
import type { NormalizeBody } from '../../../src/http/receivers/receiver.js';
import { normalizeSentry } from '../../../src/http/receivers/sentry.js';

const NORMALIZERS: Record<'sentry' | 'grafana' | 'alertmanager', NormalizeBody> = {
  sentry: normalizeSentry,
  grafana: normalizeGrafana,
  alertmanager: normalizeAlertmanager,
};

/** The alerts a webhook event carries (none for a change event or a body the receiver refuses). */
function alertsOf(event: ScenarioEvent): Array<{ key: string; firing: boolean }> {
  if (event.type !== 'webhook') return [];
  const headers = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]));
  try {
    return NORMALIZERS[event.source](event.body, headers, new Date()).map((alert) => ({ key: `${alert.source}/${alert.fingerprint}`, firing: alert.status === 'firing' }));
  } catch {
    return [];
  }
}

/** The alerts (source/fingerprint) a webhook event carries; none for a change event or a body the receiver refuses. */
export function alertKeys(event: ScenarioEvent): string[] {
  return alertsOf(event).map((alert) => alert.key);
}

/**
 * What an event does, for which events may be triaged in any order: firing alerts only, resolutions only, or
 * anything else (a change, a body with both) that must keep its place among the others.
 */
function kindOf(event: ScenarioEvent): 'firing' | 'resolving' | 'alone' {
  const alerts = alertsOf(event);
  if (event.type === 'change' || alerts.length === 0) return 'alone';
  if (alerts.every((alert) => alert.firing)) return 'firing';
  return alerts.every((alert) => !alert.firing) ? 'resolving' : 'alone';
}

/**
 * Splits events, in order, into waves whose events a sequential triager may take in any order and decide the same:
 * no alert twice in a wave (replaying a scenario compressed from days into seconds would otherwise put an alert's
 * firing and resolved notifications side by side, which real senders space by minutes), and firing alerts apart
 * from resolutions (a firing alert that opens an incident takes in the suppressed alerts still firing, so whether
 * another alert's resolution came first changes its decision); a change, or a body that both fires and resolves,
 * goes alone. Across different firing alerts, everything in a wave may be triaged at once, which is what several
 * workers must get right.
 */
export function waves(events: ScenarioEvent[]): ScenarioEvent[][] {
  const result: ScenarioEvent[][] = [];
  let current: ScenarioEvent[] = [];
  let currentKind: ReturnType<typeof kindOf> | null = null;
  let seen = new Set<string>();
  for (const event of events) {
    const keys = alertKeys(event);
    const kind = kindOf(event);
    if (kind === 'alone' || kind !== currentKind || keys.some((key) => seen.has(key))) {
      if (current.length > 0) result.push(current);
      current = [];
      seen = new Set();
    }
    current.push(event);
    currentKind = kind;
    for (const key of keys) seen.add(key);
  }
  if (current.length > 0) result.push(current);
  return result;
}
