/**
 * The triage pipeline: each alert notification goes through dedupe (the alert log decides new / repeat /
 * redelivery / resolved), correlate, the noise filter, then either a suppression with its reason, a hold
 * (decided again by a scheduled recheck), joining an open incident, or a new incident — for which knowledge
 * (playbooks, similar past incidents) and reasoning are gathered, humans notified, critical ones escalated and
 * the playbook's actions proposed. Every step leaves a trace entry on the alert.
 *
 * Deterministic given its jobs and its clock: agents never read the wall clock or keep state in memory, so a
 * replay (`firebreak eval`) and several workers see the same decisions.
 */
import type { Playbook } from '../src/domain/playbook.js';
import { maxSeverity } from '../src/domain/incident.js';
import type { Alert } from '../src/domain/alert.js';
import { alertDecision, type AlertDecision } from '../src/domain/alert-decision.js';
import type { ChangeEvent } from '../src/domain/change-event.js';
import type { ActionProposals } from './ports/action-proposals.js';
import type { AlertContext, AlertContextReader } from './ports/alert-context.js';
import type { AlertLog, DeliveryOutcome, StoredAlert } from './ports/alert-log.js';
import type { ChangeLog } from './ports/change-log.js';
import type { Clock } from './ports/clock.js';
import type { IncidentHistory } from './ports/incident-history.js';
import type { IncidentLog, TriageIncident } from './ports/incident-log.js';
import type { IncidentNotifier } from './ports/incident-notifier.js';
import type { LogSource } from './ports/log-source.js';
import type { Scheduler } from './ports/scheduler.js';
import type { TriageObserver } from './ports/triage-observer.js';
import type { TriageLock } from './ports/triage-lock.js';
import type { VerdictLog } from './ports/verdict-log.js';
import { createCorrelator, type Correlation, type IncidentMatch } from './correlate.js';
import { createKnowledgeAgent } from './knowledge.js';
import { alertContextQuery, contextWindows } from './lib/context-query.js';
import { entityTokens } from './lib/entities.js';
import { canSelfResolve, createNoiseFilter } from './noise-filter.js';
import type { TriagePolicy } from './policy.js';
import { reason } from './reason.js';
import { createLlmReasoner } from './llm-reason.js';
import type { LlmTriage } from './ports/llm-triage.js';
import { traceEntry, type TraceEntry } from './trace.js';
import { createIncidentEvidence } from './incident-evidence.js';

/** The jobs the pipeline takes (the queue's AlertJob has this shape). */
export type TriageJob =
  | { kind: 'alerts'; deliveryKey: string; receivedAt: string; alerts: Alert[] }
  | { kind: 'change'; deliveryKey: string; receivedAt: string; change: ChangeEvent }
  | { kind: 'recheck'; deliveryKey: string; alertId: number; reason: string; dueAt: string };

export interface AlertOutcome {
  alertId: number | null;
  outcome: DeliveryOutcome;
  /**
   * What triage made of the alert by the end of its job, when the pipeline knows it without another read; absent
   * for a redelivery (its first run may have decided more than this one knows) and for an alert that a later alert
   * of the same job pulled into an incident (see settledDecisions).
   */
  decision?: AlertDecision;
}

export interface TriagePorts {
  alertLog: AlertLog;
  /** What correlation and the noise filter read about each new alert, in one read. */
  alertContext: AlertContextReader;
  incidentLog: IncidentLog;
  changeLog: ChangeLog;
  verdictLog: VerdictLog;
  history: IncidentHistory;
  scheduler: Scheduler;
  notifier: IncidentNotifier;
  proposals: ActionProposals;
  logs: LogSource | null;
  clock: Clock;
  /** Serialises decisions across workers; the replay passes NO_LOCK. */
  lock: TriageLock;
  observer: TriageObserver;
  playbooks: readonly Playbook[];
  policy: TriagePolicy;
  /** Optional LLM reasoning (OPENAI_BASE_URL): only adds to the triage, never changes a scored decision. */
  llm?: LlmTriage | null;
}

export interface TriagePipeline {
  handle(job: TriageJob): Promise<AlertOutcome[]>;
}

/**
 * A job's outcomes with the decisions that still stand at its end: an alert decided early in a job may be pulled
 * into the incident a later alert of the same job opened or joined (as a related alert), so its own decision is no
 * longer known without reading it again.
 */
function settledDecisions(outcomes: AlertOutcome[]): AlertOutcome[] {
  const lastToIncident = outcomes.findLastIndex((outcome) => outcome.decision?.kind === 'incident');
  return outcomes.map((outcome, index) => (index < lastToIncident && outcome.decision !== undefined && outcome.decision.kind !== 'incident' ? { alertId: outcome.alertId, outcome: outcome.outcome } : outcome));
}

export const RECHECK_HOLD = 'transient-hold';
export const RECHECK_SAFETY_NET = 'safety-net';

/** Re-triage an incident joined by its n-th alert while it is small, then at each doubling. */
function worthRetriaging(alerts: number): boolean {
  return alerts <= 10 || (alerts & (alerts - 1)) === 0;
}
/** The LLM's assessment of an incident runs as its own job, after the notification and outside the triage lock. */
export const RECHECK_LLM = 'llm-assessment';

export function createTriagePipeline(ports: TriagePorts): TriagePipeline {
  const { alertLog, alertContext, incidentLog, changeLog, scheduler, notifier, proposals, clock, lock, observer, playbooks, policy } = ports;
  const correlator = createCorrelator(ports);
  const noiseFilter = createNoiseFilter(ports);
  const knowledge = createKnowledgeAgent(ports);
  const evidence = createIncidentEvidence(ports);
  const llmReasoner = createLlmReasoner(ports);
  const playbookById = new Map(playbooks.map((playbook) => [playbook.id, playbook]));

  async function handleAlert(alert: Alert, deliveryKey: string): Promise<AlertOutcome> {
    return lock.run(() => decideAlert(alert, deliveryKey));
  }

  async function decideAlert(alert: Alert, deliveryKey: string): Promise<AlertOutcome> {
    const now = clock.now();
    const { outcome, alert: stored, context } = await alertLog.record(alert, deliveryKey, now, contextWindows(now, policy));
    const observed = { source: alert.source, receivedAt: alert.receivedAt };
    let decision: AlertDecision | undefined;
    switch (outcome) {
      case 'redelivery':
        // The same delivery again: a sender's retry, or this job run again after a worker died mid-way. Finish
        // whatever the first run left undone, so a crash never leaves an alert undecided or an incident untold.
        if (stored !== null) await resume(stored, now);
        observer.decided('duplicate', observed);
        break;
      case 'repeat':
        observer.decided('duplicate', observed);
        if (stored === null) break;
        decision = alertDecision(stored);
        if (stored.suppressed === 'known-noisy' && stored.incidentId === null && canSelfResolve(stored)) {
          decision = (await safetyNet(stored, now)) ?? decision;
        }
        break;
      case 'resolved':
        if (stored !== null) decision = await onResolved(stored, now);
        observer.decided('resolved', observed);
        break;
      case 'resolved-unknown':
        observer.decided('resolved', observed);
        break;
      case 'new':
        if (stored !== null) decision = await triageNew(stored, now, context);
        break;
    }
    const alertId = stored?.id ?? null;
    return decision === undefined ? { alertId, outcome } : { alertId, outcome, decision };
  }

  async function resume(alert: StoredAlert, now: Date): Promise<void> {
    if (alert.incidentId !== null) {
      const incident = await incidentLog.get(alert.incidentId);
      if (incident !== null && incident.notifiedAt === null && (await incidentLog.markNotified(incident.id, now))) {
        await alertLog.trace(alert.id, [traceEntry(now, 'decide', 'notified', `on-call notified of ${incident.id} (the first attempt stopped before it)`)]);
        await notifier.incidentOpened(incident.id);
        observer.notified(Math.max(0, (now.getTime() - Date.parse(alert.firstReceivedAt)) / 1000));
      }
      return;
    }
    // Not suppressed, not held, in no incident and still firing: its triage never finished.
    if (alert.status === 'firing' && alert.suppressed === null && alert.heldUntil === null) await triageNew(alert, now);
  }

  /** `recordedContext`: the alert's context, when its record brought it along. */
  async function triageNew(alert: StoredAlert, now: Date, recordedContext?: AlertContext): Promise<AlertDecision> {
    const context = recordedContext ?? (await alertContext.read(alertContextQuery(alert, now, policy)));
    const correlation = correlator.run(alert, context, now);
    const verdict = await noiseFilter.run(alert, context, correlation, now);
    const observed = { source: alert.source, receivedAt: alert.firstReceivedAt };
    const trace: TraceEntry[] = [traceEntry(now, 'dedupe', 'new', `first notification of ${alert.fingerprint} since it last fired`)];
    trace.push(correlationTrace(correlation, now));
    if (verdict.kind === 'suppress') {
      trace.push(traceEntry(now, 'noise', `suppressed: ${verdict.reason}`, verdict.why, verdict.evidence));
      await alertLog.suppress(alert.id, verdict.reason, { why: verdict.why, ...verdict.evidence }, now, trace);
      if (verdict.reason === 'known-noisy' && canSelfResolve(alert)) {
        await scheduler.recheckAt(alert.id, new Date(Date.parse(alert.firstReceivedAt) + policy.safetyNetAfterS * 1000), RECHECK_SAFETY_NET);
      }
      observer.suppressed(verdict.reason);
      observer.decided('suppressed', observed);
      return { kind: 'suppressed', reason: verdict.reason };
    }
    if (verdict.kind === 'hold') {
      trace.push(traceEntry(now, 'noise', 'held', `${verdict.why}; decided again at ${verdict.until.toISOString()} unless it resolves or something corroborates it`, verdict.evidence));
      await alertLog.hold(alert.id, verdict.until, trace);
      await scheduler.recheckAt(alert.id, verdict.until, RECHECK_HOLD);
      observer.decided('held', observed);
      return { kind: 'held', until: verdict.until.toISOString() };
    }
    trace.push(traceEntry(now, 'noise', 'not noise', verdict.reason, verdict.evidence));
    return route(alert, correlation, now, trace);
  }

  /**
   * Joins the incident correlation found, or opens one with the related undecided alerts. `trace` is what the
   * decision found so far about `alert`, written with its attachment.
   */
  async function route(alert: StoredAlert, correlation: Correlation, now: Date, trace: TraceEntry[]): Promise<AlertDecision> {
    const pending = { alertId: alert.id, trace };
    if (correlation.incident !== null) {
      await join(correlation.incident, [alert, ...correlation.related], now, pending);
      observer.decided('attached', { source: alert.source, receivedAt: alert.firstReceivedAt });
      return { kind: 'incident', incidentId: correlation.incident.incident.id };
    }
    const incidentId = await open([alert, ...correlation.related], now, pending);
    observer.decided('opened', { source: alert.source, receivedAt: alert.firstReceivedAt });
    return incidentId === null ? alertDecision(alert) : { kind: 'incident', incidentId };
  }

  /** The trace entries of the alert being decided, written along with its attachment. */
  interface PendingTrace {
    alertId: number;
    trace: TraceEntry[];
  }

  /** Attaches the alert (lifting its suppression if it had one). */
  async function attach(incident: TriageIncident, alert: StoredAlert, now: Date, why: string, pending: PendingTrace): Promise<void> {
    const entries = [...(pending.alertId === alert.id ? pending.trace : []), traceEntry(now, 'decide', `attached to ${incident.id}`, why)];
    if (alert.suppressed !== null) {
      const lift = `suppression "${alert.suppressed}" lifted: the alert turned out to belong to ${incident.id}`;
      await alertLog.lift(alert.id, lift, now, []);
      entries.push(traceEntry(now, 'safety-net', 'promoted', lift));
      observer.decided('promoted', { source: alert.source, receivedAt: alert.firstReceivedAt });
    }
    await incidentLog.attachAlert(incident.id, alert.id, now, `${alert.title.split('\n')[0]?.slice(0, 120) ?? ''} (${alert.source})`, entries);
  }

  async function join(match: IncidentMatch, alerts: StoredAlert[], now: Date, pending: PendingTrace): Promise<void> {
    for (const alert of alerts) await attach(match.incident, alert, now, `related to ${match.incident.id}: ${match.why.join('; ')}`, pending);
    // Correlation read the incident in this decision, and the alerts joining it were in none: the count follows
    // without reading it back from the attachment.
    const count = match.incident.alertCount + alerts.length;
    const first = alerts[0];
    if (first !== undefined) await notifier.incidentUpdated(match.incident.id, { kind: 'alert-joined', alertId: first.id, title: first.title });
    await escalateIfCritical(match.incident.id, await refresh(match.incident.id, now, { joined: { incident: match.incident, alerts: count } }), now);
    if (first !== undefined) await askLlm(first.id, now);
  }

  /** Asks for the LLM's assessment in a job of its own, so no notification and no other decision waits on it. */
  async function askLlm(alertId: number, now: Date): Promise<void> {
    if (ports.llm !== undefined && ports.llm !== null) await scheduler.recheckAt(alertId, now, RECHECK_LLM);
  }

  /** Opens an incident for `alerts` (none when there are none); returns its id. */
  async function open(alerts: StoredAlert[], now: Date, pending: PendingTrace): Promise<string | null> {
    const ordered = [...alerts].sort((a, b) => a.firstReceivedAt.localeCompare(b.firstReceivedAt) || a.id - b.id);
    const first = ordered[0];
    if (first === undefined) return null;
    const initial = reason({ alerts: ordered, playbook: null, suspects: [] });
    const incident = await incidentLog.open(
      {
        title: initial.title,
        service: first.service,
        environment: first.environment,
        severity: initial.severity,
        category: null,
        symptom: initial.symptom,
        impactStartedAt: new Date(first.startsAt < first.firstReceivedAt ? first.startsAt : first.firstReceivedAt),
        detectedAt: new Date(first.firstReceivedAt),
        entities: [...new Set(ordered.flatMap((alert) => entityTokens(alert)))].sort(),
        drill: ordered.some((alert) => alert.labels.firebreak_drill === 'true'),
      },
      now,
    );
    const why = ordered.length > 1 ? `opened with ${ordered.length - 1} related alert(s) that corroborate it` : 'opened for this alert';
    for (const alert of ordered) await attach(incident, alert, now, why, pending);
    const triage = await refresh(incident.id, now);
    observer.incidentOpened(triage.severity);
    // The notification's intent is written before the incident is marked notified: a run stopped between the two
    // is finished by the redelivery (resume), and the notifier is idempotent, so the message goes out once.
    await notifier.incidentOpened(incident.id);
    if (await incidentLog.markNotified(incident.id, now)) {
      await alertLog.trace(first.id, [traceEntry(now, 'decide', 'notified', `on-call notified of ${incident.id}`)]);
      observer.notified(Math.max(0, (now.getTime() - Date.parse(first.firstReceivedAt)) / 1000));
    }
    await escalateIfCritical(incident.id, triage, now);
    await askLlm(first.id, now);
    return incident.id;
  }

  /**
   * Recomputes an incident's knowledge and reasoning over all its alerts; escalates when it became critical.
   * `joined`: alerts just joined the incident, as correlation read it, and it now holds that many alerts.
   */
  async function refresh(incidentId: string, now: Date, options: { withLlm?: boolean; joined?: { incident: TriageIncident; alerts: number } } = {}): Promise<{ severity: string; symptom: string }> {
    const { withLlm = false, joined } = options;
    // A big incident is re-triaged as it doubles, not on every alert joining it: a storm of thousands of alerts
    // must not cost thousands of full re-triages (nor reading its alerts), and its first alerts said what it is.
    if (joined !== undefined && !worthRetriaging(joined.alerts)) return { severity: joined.incident.severity, symptom: joined.incident.title };
    const before = await incidentLog.get(incidentId);
    const alerts = await alertLog.ofIncident(incidentId);
    const gathered = await evidence.gather(alerts, now);
    const known = await knowledge.run({ incidentId, alerts, logLines: gathered.logLines, changeKinds: gathered.suspects.slice(0, 1).map((suspect) => suspect.change.kind) });
    const deterministic = reason({ alerts, playbook: known.playbook, suspects: gathered.suspects });
    const { reasoning, evidence: llmEvidence } = withLlm
      ? await llmReasoner.run({ incidentId, alerts, reasoning: deterministic, knowledge: known, evidence: gathered, now, previousSeverity: before?.severity ?? null })
      : { reasoning: { ...deterministic, severity: before === null ? deterministic.severity : maxSeverity(before.severity, deterministic.severity) }, evidence: {} };
    await incidentLog.saveTriage(
      incidentId,
      {
        severity: reasoning.severity,
        category: reasoning.category,
        playbookId: known.playbook?.id ?? null,
        playbooks: known.playbooks,
        similar: known.similar,
        evidence: {
          symptom: reasoning.symptom,
          suspectedCause: reasoning.suspectedCause,
          changes: gathered.suspects.map((suspect) => ({ ...suspect.change, score: suspect.score, why: suspect.why })),
          logs: gathered.logs,
          logErrors: gathered.logErrors,
          checklist: known.playbook?.checklist ?? [],
          diagnosis: known.playbook?.diagnosis ?? null,
          actions: known.playbook?.actions.map((action) => ({ id: action.id, title: action.title, kind: action.kind, risk: action.risk })) ?? [],
          communication: known.playbook?.communication ?? null,
          ...llmEvidence,
        },
        entities: [...new Set(alerts.flatMap((alert) => entityTokens(alert)))].sort(),
        rootCause: null,
      },
      now,
    );
    if (known.playbook !== null) await proposals.propose(incidentId, known.playbook, now);
    if (before !== null && before.severity !== reasoning.severity && before.notifiedAt !== null) {
      await notifier.incidentUpdated(incidentId, { kind: 'severity-raised', from: before.severity, to: reasoning.severity });
    }
    return { severity: reasoning.severity, symptom: reasoning.symptom };
  }

  /** Critical incidents escalate at once, after the notification that opened them (and only once). */
  async function escalateIfCritical(incidentId: string, triage: { severity: string; symptom: string }, now: Date): Promise<void> {
    if (triage.severity === 'critical' && (await incidentLog.markEscalated(incidentId, now))) {
      await notifier.escalate(incidentId, `critical: ${triage.symptom.slice(0, 200)}`);
    }
  }

  async function onResolved(alert: StoredAlert, now: Date): Promise<AlertDecision> {
    const firedS = Math.round((now.getTime() - Date.parse(alert.firstReceivedAt)) / 1000);
    if (alert.incidentId !== null) {
      await incidentLog.alertResolved(alert.incidentId, alert.id, alert.title, now, [traceEntry(now, 'dedupe', 'resolved', `resolved after ${firedS} s; ${alert.incidentId} updated`)]);
      await notifier.incidentUpdated(alert.incidentId, { kind: 'alert-resolved', alertId: alert.id, title: alert.title });
      return { kind: 'incident', incidentId: alert.incidentId };
    }
    if (alert.suppressed === null) {
      const why = `resolved by itself ${firedS} s after it fired, before anyone had to look`;
      await alertLog.suppress(alert.id, 'transient', { why, firedS }, now, [traceEntry(now, 'noise', 'suppressed: transient', why)]);
      observer.suppressed('transient');
      return { kind: 'suppressed', reason: 'transient' };
    }
    await alertLog.trace(alert.id, [traceEntry(now, 'dedupe', 'resolved', `resolved after ${firedS} s (was suppressed: ${alert.suppressed})`)]);
    return alertDecision(alert);
  }

  /** Promotes a suppressed alert still firing past the safety net's time; undefined while it is not yet due. */
  async function safetyNet(alert: StoredAlert, now: Date): Promise<AlertDecision | undefined> {
    const firingS = (now.getTime() - Date.parse(alert.firstReceivedAt)) / 1000;
    if (firingS < policy.safetyNetAfterS) return undefined;
    const why = `suppressed as ${alert.suppressed} but still firing after ${Math.round(firingS / 60)} min`;
    await alertLog.lift(alert.id, why, now, [traceEntry(now, 'safety-net', 'promoted', why)]);
    const lifted = { ...alert, suppressed: null };
    return route(lifted, await correlate(lifted, now), now, []);
  }

  async function assessWithLlm(alertId: number): Promise<void> {
    const now = clock.now();
    const alert = await alertLog.get(alertId);
    if (alert?.incidentId === null || alert?.incidentId === undefined) return;
    await escalateIfCritical(alert.incidentId, await refresh(alert.incidentId, now, { withLlm: true }), now);
  }

  async function recheck(alertId: number, why: string): Promise<void> {
    const now = clock.now();
    const alert = await alertLog.get(alertId);
    if (alert === null || alert.status !== 'firing' || alert.incidentId !== null) return;
    if (why === RECHECK_SAFETY_NET) {
      if (alert.suppressed === 'known-noisy') await safetyNet(alert, now);
      return;
    }
    if (alert.suppressed !== null || alert.heldUntil === null) return;
    const heldS = Math.round((now.getTime() - Date.parse(alert.firstReceivedAt)) / 1000);
    await route(alert, await correlate(alert, now), now, [traceEntry(now, 'noise', 'hold over', `held ${heldS} s and no resolution arrived: a human must look`)]);
  }

  async function correlate(alert: StoredAlert, now: Date): Promise<Correlation> {
    return correlator.run(alert, await alertContext.read(alertContextQuery(alert, now, policy)), now);
  }

  return {
    async handle(job) {
      switch (job.kind) {
        case 'alerts': {
          const outcomes: AlertOutcome[] = [];
          for (const [index, alert] of job.alerts.entries()) outcomes.push(await handleAlert(alert, `${job.deliveryKey}/${index}`));
          return settledDecisions(outcomes);
        }
        case 'change':
          await changeLog.record(job.change, job.deliveryKey, clock.now());
          return [];
        case 'recheck':
          if (job.reason === RECHECK_LLM) await assessWithLlm(job.alertId);
          else await lock.run(() => recheck(job.alertId, job.reason));
          return [];
      }
    },
  };

  function correlationTrace(correlation: Correlation, now: Date): TraceEntry {
    const parts: string[] = [];
    if (correlation.incident !== null) parts.push(`related to ${correlation.incident.incident.id} (${correlation.incident.why.join('; ')})`);
    if (correlation.related.length > 0) parts.push(`${correlation.related.length} related alert(s) undecided or suppressed`);
    if (correlation.changes[0] !== undefined) parts.push(`suspect change: ${correlation.changes[0].why.join(', ')}`);
    return traceEntry(now, 'correlate', correlation.incident === null ? 'no open incident' : `incident ${correlation.incident.incident.id}`, parts.join('; ') || 'nothing related', {
      entities: correlation.entities,
      playbookOfIncident: correlation.incident?.incident.playbookId ?? null,
      knownPlaybooks: playbookById.size,
    });
  }
}
