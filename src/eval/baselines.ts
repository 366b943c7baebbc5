/**
 * Two naive strategies a team could run instead of Firebreak, replayed from the same scenario events and scored
 * the same way, so that Firebreak's scores can be read against something (issue 5, "Goals"):
 *
 * - `page_every_alert`: every firing alert opens and notifies an incident of its own, at its own time. Only an
 *   exact redelivery (the same body again) is suppressed, as `duplicate`.
 * - `alertmanager_by_service`: an Alertmanager route with `group_by: [service]` (whatever the source),
 *   `group_wait: 30s`, a 5-minute group window and `repeat_interval: 4h`. A group is notified 30 s after its first
 *   alert; an alert of the same service joins the group while the group still has a firing alert, its previous
 *   alert came at most 5 minutes before, and it started less than 4 h ago; otherwise the alert starts a new group
 *   (a new page). A repeat of an alert still firing is a `duplicate` (what Alertmanager dedupes); nothing else is
 *   suppressed.
 *
 * Neither chooses a playbook nor shows similar incidents. Both are built from the events only (bodies normalised
 * by the same receivers as HTTP), never from truth.json.
 */
import type { Alert } from '../domain/alert.js';
import { isFirebreakError } from '../errors/catalogue.js';
import { normalizeAlertmanager } from '../http/receivers/alertmanager.js';
import { normalizeGrafana } from '../http/receivers/grafana.js';
import type { NormalizeBody } from '../http/receivers/receiver.js';
import { normalizeSentry } from '../http/receivers/sentry.js';
import type { Scenario } from './scenario.js';
import type { DecisionLine } from './score.js';

const NORMALIZERS: Record<'sentry' | 'grafana' | 'alertmanager', NormalizeBody> = {
  sentry: normalizeSentry,
  grafana: normalizeGrafana,
  alertmanager: normalizeAlertmanager,
};

export const BASELINE_NAMES = ['page_every_alert', 'alertmanager_by_service'] as const;
export type BaselineName = (typeof BASELINE_NAMES)[number];

/** The Alertmanager route the second baseline models (its defaults for `group_wait`, `group_interval`, `repeat_interval`). */
export const ALERTMANAGER_ROUTE = { groupWaitS: 30, groupWindowS: 5 * 60, repeatS: 4 * 3600 } as const;

/** One alert as a baseline sees it: where it came from, when, and the body it came in (for exact redeliveries). */
interface ArrivedAlert {
  /** `<event id>/<index>`, the key of truth.json and of the decisions file (firing alerts only matter there). */
  key: string;
  t: number;
  body: string;
  alert: Alert;
}

/** The alerts of every webhook event, in order; bodies a receiver refuses are skipped, as the replay skips them. */
function arrivedAlerts(scenario: Scenario): ArrivedAlert[] {
  const arrived: ArrivedAlert[] = [];
  for (const event of scenario.events) {
    if (event.type !== 'webhook') continue;
    const at = new Date(scenario.start.getTime() + event.t * 1000);
    const headers = Object.fromEntries(Object.entries(event.headers).map(([name, value]) => [name.toLowerCase(), value]));
    let alerts: Alert[];
    try {
      alerts = NORMALIZERS[event.source](event.body, headers, at);
    } catch (error) {
      if (!isFirebreakError(error)) throw error;
      continue;
    }
    const body = `${event.source}\u0000${JSON.stringify(event.body)}`;
    alerts.forEach((alert, index) => arrived.push({ key: `${event.id}/${index}`, t: event.t, body, alert }));
  }
  return arrived;
}

function identity(alert: Alert): string {
  return `${alert.source}/${alert.fingerprint}`;
}

/** A firing alert of a body already seen (same source, same bytes) repeats what that body said: a redelivery. */
function redeliveryOf(seenBodies: Map<string, string | null>, arrived: ArrivedAlert): string | null | undefined {
  return seenBodies.get(`${arrived.body}\u0000${identity(arrived.alert)}`);
}

/**
 * A suppressed duplicate; when it is attached to an incident it carries that incident's facts, as every line of an
 * incident must in the decisions file (the reference scorer checks it).
 */
function duplicateOf(key: string, incident: string | null, notifiedT: number | null): DecisionLine {
  if (incident === null) return { key, suppressed: 'duplicate', incident: null };
  return { key, suppressed: 'duplicate', incident, notified_t: notifiedT, playbook: null, similar: [] };
}

/** "Page on every alert": one incident and one notification per firing alert, except exact redeliveries. */
export function pageEveryAlert(scenario: Scenario): DecisionLine[] {
  const lines: DecisionLine[] = [];
  const notifiedAt = new Map<string, number>();
  const seenBodies = new Map<string, string | null>();
  let next = 0;
  for (const arrived of arrivedAlerts(scenario)) {
    if (arrived.alert.status !== 'firing') continue;
    const previous = redeliveryOf(seenBodies, arrived);
    if (previous !== undefined) {
      lines.push(duplicateOf(arrived.key, previous, previous === null ? null : notifiedAt.get(previous) ?? null));
      continue;
    }
    next += 1;
    const incident = `PAGE-${next}`;
    seenBodies.set(`${arrived.body}\u0000${identity(arrived.alert)}`, incident);
    notifiedAt.set(incident, arrived.t);
    lines.push({ key: arrived.key, suppressed: null, incident, notified_t: arrived.t, playbook: null, similar: [] });
  }
  return lines;
}

interface ServiceGroup {
  id: string;
  openedT: number;
  lastAlertT: number;
  /** Alerts of the group that have not resolved yet. */
  firing: Set<string>;
}

/** "An Alertmanager route grouped by service": see the module comment for the exact rules. */
export function alertmanagerByService(scenario: Scenario): DecisionLine[] {
  const lines: DecisionLine[] = [];
  const seenBodies = new Map<string, string | null>();
  const groups = new Map<string, ServiceGroup>();
  const groupById = new Map<string, ServiceGroup>();
  /** The group each firing alert belongs to, until its resolution arrives. */
  const firingIn = new Map<string, ServiceGroup>();
  let next = 0;
  for (const arrived of arrivedAlerts(scenario)) {
    const id = identity(arrived.alert);
    if (arrived.alert.status === 'resolved') {
      firingIn.get(id)?.firing.delete(id);
      firingIn.delete(id);
      continue;
    }
    const redelivery = redeliveryOf(seenBodies, arrived);
    const repeatOf = firingIn.get(id);
    if (redelivery !== undefined || repeatOf !== undefined) {
      const incident = repeatOf?.id ?? redelivery ?? null;
      const opened = incident === null ? undefined : (repeatOf ?? groupById.get(incident))?.openedT;
      lines.push(duplicateOf(arrived.key, incident, opened === undefined ? null : opened + ALERTMANAGER_ROUTE.groupWaitS));
      continue;
    }
    const service = arrived.alert.service ?? '';
    let group = groups.get(service);
    const joins =
      group !== undefined &&
      group.firing.size > 0 &&
      arrived.t - group.lastAlertT <= ALERTMANAGER_ROUTE.groupWindowS &&
      arrived.t - group.openedT < ALERTMANAGER_ROUTE.repeatS;
    if (!joins || group === undefined) {
      next += 1;
      group = { id: `AM-${next}`, openedT: arrived.t, lastAlertT: arrived.t, firing: new Set() };
      groups.set(service, group);
      groupById.set(group.id, group);
    }
    group.lastAlertT = arrived.t;
    group.firing.add(id);
    firingIn.set(id, group);
    seenBodies.set(`${arrived.body}\u0000${id}`, group.id);
    lines.push({ key: arrived.key, suppressed: null, incident: group.id, notified_t: group.openedT + ALERTMANAGER_ROUTE.groupWaitS, playbook: null, similar: [] });
  }
  return lines;
}

/** The decisions of both baselines for one scenario. */
export function baselineDecisions(scenario: Scenario): Record<BaselineName, DecisionLine[]> {
  return { page_every_alert: pageEveryAlert(scenario), alertmanager_by_service: alertmanagerByService(scenario) };
}
