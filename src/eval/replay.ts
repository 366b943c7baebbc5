import { DEFAULT_TRIAGE_POLICY, type TriagePolicy } from '../../agents/policy.js';
import { createTriagePipeline, type AlertOutcome } from '../../agents/pipeline.js';
import type { LlmTriage } from '../../agents/ports/llm-triage.js';
import { SILENT_OBSERVER, type TriageObserver } from '../../agents/ports/triage-observer.js';
import { NO_LOCK } from '../../agents/ports/triage-lock.js';
import type { Alert } from '../domain/alert.js';
import { isFirebreakError } from '../errors/catalogue.js';
import { normalizeAlertmanager } from '../http/receivers/alertmanager.js';
import { normalizeChange } from '../http/receivers/changes.js';
import { normalizeGrafana } from '../http/receivers/grafana.js';
import type { NormalizeBody } from '../http/receivers/receiver.js';
import { normalizeSentry } from '../http/receivers/sentry.js';
import { deliveryKey } from '../queue/delivery-key.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createPgliteDb } from '../store/pglite-db.js';
import { sql } from '../store/sql-file.js';
import { SqlAlertLog } from '../store/triage/sql-alert-log.js';
import { SqlAlertContext } from '../store/triage/sql-alert-context.js';
import { SqlIncidentLog } from '../store/triage/sql-incident-log.js';
import { SqlChangeLog, SqlIncidentHistory, SqlVerdictLog } from '../store/triage/sql-knowledge.js';
import { createLogger } from '../logging/logger.js';
import { createPlannerStatistics } from '../store/planner-statistics.js';
import { RecordingNotifier } from './recording-notifier.js';
import type { Scenario, ScenarioEvent } from './scenario.js';
import type { DecisionLine } from './score.js';
import { seedScenarioKnowledge } from './seed-knowledge.js';
import { VirtualClock, VirtualScheduler } from './virtual-time.js';

const NORMALIZERS: Record<'sentry' | 'grafana' | 'alertmanager', NormalizeBody> = {
  sentry: normalizeSentry,
  grafana: normalizeGrafana,
  alertmanager: normalizeAlertmanager,
};

export interface ReplayResult {
  decisions: DecisionLine[];
  /** Webhook bodies the receivers refused (they would have answered 400): event id and reason. */
  refused: Array<{ event: string; reason: string }>;
  /** History and verdict rows the importers refused, with file and line. */
  refusedRows: string[];
  notifications: number;
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * Replays a scenario through the real pipeline on a virtual clock: an embedded PostgreSQL (PGlite, in memory)
 * seeded with the scenario's playbooks, history, verdicts and silences; each event's body goes through the same
 * normalisers as HTTP, and holds come due as the clock passes their time. No network, no real waiting.
 */
export async function replayScenario(scenario: Scenario, options: { policy?: TriagePolicy; db?: Db | undefined; llm?: LlmTriage | null; observer?: TriageObserver } = {}): Promise<ReplayResult> {
  const db = options.db ?? (await createPgliteDb(undefined));
  try {
    await migrate(db);
    const refusedRows = await seedScenarioKnowledge(db, scenario);
    const clock = new VirtualClock(scenario.start);
    const scheduler = new VirtualScheduler();
    const recorder = new RecordingNotifier();
    const alertLog = new SqlAlertLog(db);
    const pipeline = createTriagePipeline({
      alertLog,
      alertContext: new SqlAlertContext(db),
      incidentLog: new SqlIncidentLog(db),
      changeLog: new SqlChangeLog(db),
      verdictLog: new SqlVerdictLog(db),
      history: new SqlIncidentHistory(db),
      scheduler,
      notifier: recorder,
      proposals: recorder,
      logs: null,
      clock,
      lock: NO_LOCK,
      observer: options.observer ?? SILENT_OBSERVER,
      playbooks: scenario.playbooks,
      policy: options.policy ?? DEFAULT_TRIAGE_POLICY,
      llm: options.llm ?? null,
    });

    const runDue = async (until: Date) => {
      for (let due = scheduler.takeDue(until); due !== undefined; due = scheduler.takeDue(until)) {
        clock.set(due.at);
        await pipeline.handle({ kind: 'recheck', deliveryKey: `recheck-${due.alertId}-${due.at.getTime()}`, alertId: due.alertId, reason: due.reason, dueAt: due.at.toISOString() });
      }
    };

    // As the worker does, so that the store's first plans are not kept for good (src/store/planner-statistics.ts);
    // awaited here, so that a replay plans at the same points every time.
    const statistics = createPlannerStatistics(db, createLogger({ level: 'silent' }));
    const outcomes = new Map<string, AlertOutcome>();
    const refused: ReplayResult['refused'] = [];
    for (const event of scenario.events) {
      const at = new Date(scenario.start.getTime() + event.t * 1000);
      await runDue(at);
      clock.set(at);
      await replayEvent(event, at);
    }
    // The scenario ends with its last event; holds still running then are decided as time runs out for them,
    // but nothing later (a safety net due a day on) is replayed: the scenario says nothing of that time.
    const lastT = scenario.events.at(-1)?.t ?? 0;
    await runDue(new Date(scenario.start.getTime() + lastT * 1000 + (options.policy ?? DEFAULT_TRIAGE_POLICY).maxHoldS * 1000));

    async function replayEvent(event: ScenarioEvent, at: Date): Promise<void> {
      const raw = Buffer.from(JSON.stringify(event.body));
      if (event.type === 'change') {
        try {
          const change = normalizeChange(event.body, at);
          await pipeline.handle({ kind: 'change', deliveryKey: deliveryKey('changes', raw, at), receivedAt: at.toISOString(), change });
        } catch (error) {
          if (!isFirebreakError(error)) throw error;
          refused.push({ event: event.id, reason: error.message });
        }
        return;
      }
      const headers = lowerCaseHeaders(event.headers);
      let alerts: Alert[];
      try {
        alerts = NORMALIZERS[event.source](event.body, headers, at);
      } catch (error) {
        if (!isFirebreakError(error)) throw error;
        refused.push({ event: event.id, reason: error.message });
        return;
      }
      const key = deliveryKey(event.source, raw, at, headers['request-id']);
      const results = await pipeline.handle({ kind: 'alerts', deliveryKey: key, receivedAt: at.toISOString(), alerts });
      await statistics.decided(results.length);
      results.forEach((result, index) => {
        if (alerts[index]?.status === 'firing') outcomes.set(`${event.id}/${index}`, result);
      });
    }

    const decisions = await decisionLines(db, scenario, outcomes);
    return { decisions, refused, refusedRows, notifications: recorder.events.filter((event) => event.kind === 'opened').length };
  } finally {
    if (options.db === undefined) await db.close();
  }
}

/** One line per firing alert: its final state when the replay ended (the README's decisions file). */
async function decisionLines(db: Db, scenario: Scenario, outcomes: Map<string, AlertOutcome>): Promise<DecisionLine[]> {
  const ids = [...new Set([...outcomes.values()].map((outcome) => outcome.alertId).filter((id): id is number => id !== null))];
  const rows = await db.query<{ id: number; suppressed: string | null; incident_id: string | null; notified_at: string | null; playbook_id: string | null; similar_incidents: Array<{ id: string }> }>(
    sql('triage/decision-states'),
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const lines: DecisionLine[] = [];
  for (const [key, outcome] of outcomes) {
    const row = outcome.alertId === null ? undefined : byId.get(outcome.alertId);
    const duplicate = outcome.outcome === 'repeat' || outcome.outcome === 'redelivery';
    const incident = row?.incident_id ?? null;
    const line: DecisionLine = { key, suppressed: duplicate ? 'duplicate' : row?.suppressed ?? null, incident };
    if (incident !== null && row !== undefined) {
      line.notified_t = row.notified_at === null ? null : Math.round((Date.parse(row.notified_at) - scenario.start.getTime()) / 10) / 100;
      line.playbook = row.playbook_id;
      line.similar = row.similar_incidents.slice(0, 5).map((similar) => similar.id);
    }
    lines.push(line);
  }
  return lines;
}
