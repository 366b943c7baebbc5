import { NO_LOCK } from '../../../agents/ports/triage-lock.js';
import { DEFAULT_TRIAGE_POLICY, type TriagePolicy } from '../../../agents/policy.js';
import { createTriagePipeline, type AlertOutcome, type TriageJob, type TriagePipeline } from '../../../agents/pipeline.js';
import { alertDecision } from '../../../src/domain/alert-decision.js';
import { SILENT_OBSERVER } from '../../../agents/ports/triage-observer.js';
import type { LlmTriage } from '../../../agents/ports/llm-triage.js';
import type { TraceEntry } from '../../../agents/trace.js';
import { deriveRule } from '../../../src/domain/alert-rule.js';
import type { Playbook } from '../../../src/domain/playbook.js';
import { RecordingNotifier } from '../../../src/eval/recording-notifier.js';
import { VirtualClock, VirtualScheduler } from '../../../src/eval/virtual-time.js';
import { normalizeAlertmanager } from '../../../src/http/receivers/alertmanager.js';
import { normalizeChange } from '../../../src/http/receivers/changes.js';
import { normalizeGrafana } from '../../../src/http/receivers/grafana.js';
import { normalizeSentry } from '../../../src/http/receivers/sentry.js';
import { deliveryKey } from '../../../src/queue/delivery-key.js';
import type { Db } from '../../../src/store/db.js';
import { upsertVerdicts } from '../../../src/store/incident-log/verdicts.js';
import { SqlAlertLog } from '../../../src/store/triage/sql-alert-log.js';
import { SqlAlertContext } from '../../../src/store/triage/sql-alert-context.js';
import { SqlIncidentLog } from '../../../src/store/triage/sql-incident-log.js';
import { SqlChangeLog, SqlIncidentHistory, SqlVerdictLog } from '../../../src/store/triage/sql-knowledge.js';

/** t = 0 of every hand-made case. */
export const START = new Date('2025-03-03T09:00:00Z');

/** One alert as Alertmanager's webhook (version 4) carries it. */
export interface AmAlert {
  labels: Record<string, string>;
  summary?: string;
  description?: string;
  status?: 'firing' | 'resolved';
  fingerprint?: string;
  /** Seconds after START when the alert started (default: when it is sent). */
  startsAtT?: number;
}

export interface AlertState {
  id: number;
  status: string;
  rule: string;
  service: string | null;
  suppressed: string | null;
  incident_id: string | null;
  held_until: string | null;
  repeats: number;
  trace: TraceEntry[];
}

export interface IncidentState {
  id: string;
  title: string;
  status: string;
  severity: string;
  category: string | null;
  notified_at: string | null;
  playbook_id: string | null;
  evidence: Record<string, unknown>;
}

/**
 * The triage pipeline as `firebreak eval` builds it (src/eval/replay.ts): the real SQL adapters on a real database,
 * a virtual clock and scheduler, and a recording notifier, fed with bodies through the real Alertmanager and
 * change normalisers. Times are given in seconds after START; due rechecks run as the clock passes them.
 */
export class TriageHarness {
  readonly clock = new VirtualClock(START);
  readonly scheduler = new VirtualScheduler();
  readonly notifier = new RecordingNotifier();
  readonly pipeline: TriagePipeline;

  constructor(
    readonly db: Db,
    readonly options: { playbooks?: Playbook[]; policy?: TriagePolicy; llm?: LlmTriage | null } = {},
  ) {
    this.pipeline = createTriagePipeline({
      alertLog: new SqlAlertLog(db),
      alertContext: new SqlAlertContext(db),
      incidentLog: new SqlIncidentLog(db),
      changeLog: new SqlChangeLog(db),
      verdictLog: new SqlVerdictLog(db),
      history: new SqlIncidentHistory(db),
      scheduler: this.scheduler,
      notifier: this.notifier,
      proposals: this.notifier,
      logs: null,
      clock: this.clock,
      lock: NO_LOCK,
      observer: SILENT_OBSERVER,
      playbooks: options.playbooks ?? [],
      policy: options.policy ?? DEFAULT_TRIAGE_POLICY,
      llm: options.llm ?? null,
    });
  }

  get policy(): TriagePolicy {
    return this.options.policy ?? DEFAULT_TRIAGE_POLICY;
  }

  at(t: number): Date {
    return new Date(START.getTime() + t * 1000);
  }

  /** Moves the clock to `t`, running every recheck that comes due on the way (as BullMQ's delayed jobs would). */
  async advance(t: number): Promise<void> {
    const until = this.at(t);
    for (let due = this.scheduler.takeDue(until); due !== undefined; due = this.scheduler.takeDue(until)) {
      this.clock.set(due.at);
      await this.pipeline.handle({ kind: 'recheck', deliveryKey: `recheck-${due.alertId}-${due.at.getTime()}`, alertId: due.alertId, reason: due.reason, dueAt: due.at.toISOString() });
    }
    this.clock.set(until);
  }

  /** An Alertmanager webhook body for these alerts (the group's status is firing when any alert fires). */
  alertmanagerBody(t: number, alerts: AmAlert[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    const firing = alerts.some((alert) => (alert.status ?? 'firing') === 'firing');
    return {
      version: '4',
      status: firing ? 'firing' : 'resolved',
      receiver: 'firebreak',
      groupKey: `{}:{alertname="${alerts[0]?.labels.alertname ?? ''}"}`,
      externalURL: 'http://alertmanager-0:9093',
      alerts: alerts.map((alert) => ({
        status: alert.status ?? 'firing',
        labels: alert.labels,
        annotations: { summary: alert.summary ?? alert.labels.alertname ?? 'alert', ...(alert.description === undefined ? {} : { description: alert.description }) },
        startsAt: this.at(alert.startsAtT ?? t).toISOString(),
        endsAt: alert.status === 'resolved' ? this.at(t).toISOString() : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: alert.fingerprint ?? fingerprintOf(alert.labels),
      })),
      ...extra,
    };
  }

  /** Delivers an Alertmanager body at `t` through the real normaliser; returns one outcome per alert. */
  async alertmanager(t: number, alerts: AmAlert[] | Record<string, unknown>): Promise<AlertOutcome[]> {
    await this.advance(t);
    const body = Array.isArray(alerts) ? this.alertmanagerBody(t, alerts) : alerts;
    const raw = Buffer.from(JSON.stringify(body));
    const normalized = normalizeAlertmanager(body, {}, this.clock.now());
    return this.handleAlerts({ kind: 'alerts', deliveryKey: deliveryKey('alertmanager', raw, this.clock.now()), receivedAt: this.clock.now().toISOString(), alerts: normalized });
  }

  /** A Sentry webhook body (as its fixtures hold it) delivered at `t` through the real normaliser. */
  async sentry(t: number, resource: string, body: unknown): Promise<AlertOutcome[]> {
    await this.advance(t);
    const headers = { 'sentry-hook-resource': resource };
    const alerts = normalizeSentry(body, headers, this.clock.now());
    return this.handleAlerts({ kind: 'alerts', deliveryKey: deliveryKey('sentry', Buffer.from(JSON.stringify(body)), this.clock.now()), receivedAt: this.clock.now().toISOString(), alerts });
  }

  /** A Grafana webhook body (unified or legacy) delivered at `t` through the real normaliser. */
  async grafana(t: number, body: Record<string, unknown>): Promise<AlertOutcome[]> {
    await this.advance(t);
    const alerts = normalizeGrafana(body, {}, this.clock.now());
    return this.handleAlerts({ kind: 'alerts', deliveryKey: deliveryKey('grafana', Buffer.from(JSON.stringify(body)), this.clock.now()), receivedAt: this.clock.now().toISOString(), alerts });
  }

  /**
   * Hands an alerts job to the pipeline. Every case doubles as a check of the decision each outcome reports (what
   * the worker logs): it must be what the store holds once the job is done.
   */
  private async handleAlerts(job: Extract<TriageJob, { kind: 'alerts' }>): Promise<AlertOutcome[]> {
    const outcomes = await this.pipeline.handle(job);
    for (const outcome of outcomes) {
      if (outcome.decision === undefined || outcome.alertId === null) continue;
      const stored = await this.alert(outcome.alertId);
      const held = alertDecision({ incidentId: stored.incident_id, suppressed: stored.suppressed, heldUntil: stored.held_until });
      if (JSON.stringify(held) !== JSON.stringify(outcome.decision)) {
        throw new Error(`alert ${outcome.alertId} (${outcome.outcome}): the pipeline reported ${JSON.stringify(outcome.decision)}, the store holds ${JSON.stringify(held)}`);
      }
    }
    return outcomes;
  }

  /** One firing alert at `t`; returns its stored id. */
  async fire(t: number, alert: AmAlert): Promise<number> {
    const [outcome] = await this.alertmanager(t, [alert]);
    if (outcome?.alertId === null || outcome === undefined) throw new Error('the alert was not stored');
    return outcome.alertId;
  }

  async resolve(t: number, alert: AmAlert): Promise<AlertOutcome | undefined> {
    const [outcome] = await this.alertmanager(t, [{ ...alert, status: 'resolved' }]);
    return outcome;
  }

  /** A change event as CI/CD posts it to /webhooks/changes, received at `t`. */
  async change(t: number, body: Record<string, unknown>): Promise<void> {
    await this.advance(t);
    const change = normalizeChange(body, this.clock.now());
    await this.pipeline.handle({ kind: 'change', deliveryKey: deliveryKey('changes', Buffer.from(JSON.stringify(body)), this.clock.now()), receivedAt: this.clock.now().toISOString(), change });
  }

  /** Past human verdicts on a rule, as `verdicts.jsonl` of a scenario seeds them. */
  async verdicts(labels: Record<string, string>, verdicts: Array<'false_positive' | 'true_positive'>, daysAgo = 3): Promise<void> {
    await upsertVerdicts(
      this.db,
      verdicts.map((verdict, index) => ({
        dedupeKey: `test:${deriveRule(labels, '')}:${index}`,
        rule: deriveRule(labels, ''),
        source: 'alertmanager',
        alertId: null,
        labels,
        title: null,
        verdict,
        by: 'oncall@example.com',
        at: new Date(START.getTime() - (daysAgo * 86400 - index * 600) * 1000).toISOString(),
      })),
    );
  }

  async alert(id: number): Promise<AlertState> {
    const rows = await this.db.query<AlertState>('SELECT id, status, rule, service, suppressed, incident_id, held_until, repeats, trace FROM alerts WHERE id = $1', [id]);
    if (rows[0] === undefined) throw new Error(`no alert ${id}`);
    return rows[0];
  }

  async incident(id: string): Promise<IncidentState> {
    const rows = await this.db.query<IncidentState>('SELECT id, title, status, severity, category, notified_at, playbook_id, evidence FROM incidents WHERE id = $1', [id]);
    if (rows[0] === undefined) throw new Error(`no incident ${id}`);
    return rows[0];
  }

  async incidents(): Promise<IncidentState[]> {
    return this.db.query<IncidentState>("SELECT id, title, status, severity, category, notified_at, playbook_id, evidence FROM incidents WHERE origin = 'triage' ORDER BY created_at, id");
  }

  async suppressions(alertId: number): Promise<Array<{ reason: string; detail: Record<string, unknown>; lifted_at: string | null; lifted_reason: string | null }>> {
    return this.db.query('SELECT reason, detail, lifted_at, lifted_reason FROM suppressions WHERE alert_id = $1 ORDER BY id', [alertId]);
  }

  notified(): string[] {
    return this.notifier.events.filter((event) => event.kind === 'opened').map((event) => event.incidentId);
  }
}

function fingerprintOf(labels: Record<string, string>): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(Object.entries(labels).sort())) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/** Empties every table between cases (one database per test file; its schema stays migrated). */
export async function emptyStore(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'");
  if (tables.length === 0) return;
  await db.query(`TRUNCATE ${tables.map((table) => `"${table.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
