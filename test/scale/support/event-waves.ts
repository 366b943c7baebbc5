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

/** The alerts (source/fingerprint) a webhook event carries; none for a change event or a body the receiver refuses. */
export function alertKeys(event: ScenarioEvent): string[] {
  if (event.type !== 'webhook') return [];
  const headers = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]));
  try {
    return NORMALIZERS[event.source](event.body, headers, new Date()).map((alert) => `${alert.source}/${alert.fingerprint}`);
  } catch {
    return [];
  }
}

/**
 * Splits events, in order, into waves in which no alert appears twice (a change event closes its wave too).
 * Replaying a scenario compressed from days into seconds would otherwise put an alert's firing and resolved
 * notifications side by side, which real senders space by minutes; across different alerts, everything in a
 * wave may be triaged at once, which is what several workers must get right.
 */
export function waves(events: ScenarioEvent[]): ScenarioEvent[][] {
  const result: ScenarioEvent[][] = [];
  let current: ScenarioEvent[] = [];
  let seen = new Set<string>();
  for (const event of events) {
    const keys = alertKeys(event);
    if (event.type === 'change' || keys.some((key) => seen.has(key))) {
      if (current.length > 0) result.push(current);
      current = [];
      seen = new Set();
    }
    current.push(event);
    for (const key of keys) seen.add(key);
  }
  if (current.length > 0) result.push(current);
  return result;
}
