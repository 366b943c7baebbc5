import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import type { ActionRun } from './action-run.js';
import type { ActionOutcome } from './action-executors.js';

/** The playbook id under which rule changes implied by false-positive verdicts are proposed. */
export const RULE_CHANGE_PLAYBOOK = 'false-positive';
const SILENCE_DAYS = 7;
const EFFECT_WINDOW_DAYS = 30;

/** A silence proposal for the rule of an alert judged a false positive, with its effect on stored alerts. */
export interface RuleChange {
  actionId: string;
  title: string;
  notice: string;
  spec: { rule: string; matchers: Record<string, string>; days: number };
}

/**
 * The rule change a false positive implies: silence the rule (by its `alertname` label, and the service label when
 * the alert has one) for a week, saying how many stored alerts of the last 30 days it would have hidden and how
 * many of those belonged to real incidents. The verdict itself already counts toward the rule's known-noisy rate.
 * Alerts without an `alertname` label (Sentry) cannot be matched by a silence: no proposal for them.
 */
export async function ruleChangesFor(db: Db, incidentId: string, now: Date): Promise<RuleChange[]> {
  const alerts = await db.query<{ rule: string; labels: Record<string, string> }>(sql('actions/incident-rule-alerts'), [incidentId]);
  const since = new Date(now.getTime() - EFFECT_WINDOW_DAYS * 86_400_000).toISOString();
  const changes: RuleChange[] = [];
  for (const alert of alerts) {
    const alertname = alert.labels.alertname;
    if (alertname === undefined) continue;
    const matchers: Record<string, string> = { alertname: `^${escapeRegex(alertname)}$` };
    const service = alert.labels.service;
    if (service !== undefined) matchers.service = `^${escapeRegex(service)}$`;
    const [effect] = await db.query<{ alerts: number; in_real_incidents: number; real_incidents: number }>(sql('actions/rule-effect'), [alert.rule, since]);
    const hidden = effect?.alerts ?? 0;
    const real = effect?.in_real_incidents ?? 0;
    changes.push({
      actionId: `silence-${alertname}`.slice(0, 120),
      title: `Silence ${alertname}${service !== undefined ? ` on ${service}` : ''} for ${SILENCE_DAYS} days`,
      notice:
        `Over the last ${EFFECT_WINDOW_DAYS} days this would have hidden ${hidden} alert(s) of this rule` +
        (real > 0 ? `, ${real} of them in ${effect?.real_incidents ?? 0} real incident(s).` : ', none of them in a real incident.'),
      spec: { rule: alert.rule, matchers, days: SILENCE_DAYS },
    });
  }
  return changes;
}

/** Executes an approved rule change: the silence starts now. */
export async function insertSilence(db: Db, run: ActionRun, now: Date): Promise<ActionOutcome> {
  const matchers = (run.spec.matchers ?? {}) as Record<string, string>;
  const days = typeof run.spec.days === 'number' ? run.spec.days : SILENCE_DAYS;
  const ends = new Date(now.getTime() + days * 86_400_000);
  const [row] = await db.query<{ id: number }>(sql('actions/insert-silence'), [
    JSON.stringify(matchers),
    now.toISOString(),
    ends.toISOString(),
    `false positive on ${run.incidentId} (${run.id})`,
    run.decidedBy,
  ]);
  return { status: 'succeeded', result: `silence ${row?.id ?? '?'} until ${ends.toISOString()}`, output: JSON.stringify(matchers) };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
