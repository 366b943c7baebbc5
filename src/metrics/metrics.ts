import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createScrapeCollectors, type ScrapeSources } from './scrape-collectors.js';

/**
 * Every metric Firebreak exposes on /metrics, defined once. Label values are bounded sets (sources, reasons,
 * states), never alert ids or user input; the one open-ended label, an alert rule, is capped to the rules with the
 * most verdicts (ScrapeSources.maxRules). The gauges read from the store and the queue are filled when Prometheus
 * scrapes, once `bindScrapeSources` has been called.
 */
export function createMetrics(options: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaults !== false) {
    collectDefaultMetrics({ register: registry });
    // prom-client names three gauges `*_total`, which promtool rejects (a `_total` suffix means a counter);
    // the same figures stay available by type in nodejs_active_handles / _requests / _resources.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      registry.removeSingleMetric(name);
    }
  }
  // Registered after every gauge (below) and waiting for them, so a failure shows in the scrape it happened in.
  const collectorErrors = new Counter({
    name: 'firebreak_metrics_collector_errors_total',
    help: 'Scrapes in which a gauge read from the store or the queue failed (previous values kept), by collector.',
    labelNames: ['collector'] as const,
    registers: [],
    collect() {
      return scrape.settled();
    },
  });
  const scrape = createScrapeCollectors((collector) => collectorErrors.inc({ collector }));
  const metrics = {
    registry,
    alertsReceived: new Counter({
      name: 'firebreak_alerts_received_total',
      help: 'Alerts received by the webhook receivers, by source and status.',
      labelNames: ['source', 'status'] as const,
      registers: [registry],
    }),
    webhooksRefused: new Counter({
      name: 'firebreak_webhooks_refused_total',
      help: 'Webhook deliveries refused, by source and reason (error code).',
      labelNames: ['source', 'reason'] as const,
      registers: [registry],
    }),
    webhooksAccepted: new Counter({
      name: 'firebreak_webhooks_accepted_total',
      help: 'Webhook deliveries accepted (202), by source and outcome (queued, duplicate, ignored).',
      labelNames: ['source', 'outcome'] as const,
      registers: [registry],
    }),
    alertsSuppressed: new Counter({
      name: 'firebreak_alerts_suppressed_total',
      help: 'Alerts suppressed by the triage, by reason.',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    triageDecisions: new Counter({
      name: 'firebreak_triage_decisions_total',
      help: 'Triage decisions, by outcome (suppress, hold, attach, open, duplicate, resolved).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    triageLatency: new Histogram({
      name: 'firebreak_triage_latency_seconds',
      help: 'Time from an alert being received to its triage decision.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    triageLockHeld: new Counter({
      name: 'firebreak_triage_lock_held_seconds_total',
      help: 'Seconds this process held the triage lock, making decisions in turns (PostgreSQL store). Summed over the workers, its rate is the share of time triage is busy: near 1, decisions are at their serial ceiling and more workers will not decide faster.',
      registers: [registry],
    }),
    triageTurns: new Counter({
      name: 'firebreak_triage_turns_total',
      help: 'Turns this process took with the triage lock (PostgreSQL store); firebreak_triage_decisions_total over it is the decisions made per turn.',
      registers: [registry],
    }),
    timeToNotify: new Histogram({
      name: 'firebreak_time_to_notify_seconds',
      help: "Time from an incident's first alert to its notification.",
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
      registers: [registry],
    }),
    incidentsOpened: new Counter({
      name: 'firebreak_incidents_opened_total',
      help: 'Incidents opened, by severity.',
      labelNames: ['severity'] as const,
      registers: [registry],
    }),
    queueJobs: new Gauge({
      name: 'firebreak_queue_jobs',
      help: 'Jobs in the alerts queue, by state.',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        return scrape.queueJobs(this);
      },
    }),
    jobsFailed: new Counter({
      name: 'firebreak_queue_jobs_failed_total',
      help: 'Queue jobs that failed for good (no attempt left, or unrecoverable), by job kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    jobsRetried: new Counter({
      name: 'firebreak_queue_jobs_retried_total',
      help: 'Queue job attempts that failed and will be tried again, by job kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    incidentsOpen: new Gauge({
      name: 'firebreak_incidents_open',
      help: 'Incidents open or mitigated now, by severity and whether they are drills (read from the store).',
      labelNames: ['severity', 'drill'] as const,
      registers: [registry],
      collect() {
        return scrape.incidentsOpen(this);
      },
    }),
    ruleFalsePositiveRatio: new Gauge({
      name: 'firebreak_rule_false_positive_ratio',
      help: 'Share of human verdicts on an alert rule that say false positive (read from the store).',
      labelNames: ['rule'] as const,
      registers: [registry],
      collect() {
        return scrape.ruleFalsePositiveRatio(this);
      },
    }),
    ruleVerdicts: new Gauge({
      name: 'firebreak_rule_verdicts',
      help: 'Human verdicts on an alert rule, by verdict: the counts behind the false-positive ratio.',
      labelNames: ['rule', 'verdict'] as const,
      registers: [registry],
      collect() {
        return scrape.ruleVerdicts(this);
      },
    }),
    actionRuns: new Counter({
      name: 'firebreak_action_runs_total',
      help: 'Proposed actions by outcome (approved, rejected, succeeded, failed).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    slackCalls: new Counter({
      name: 'firebreak_slack_calls_total',
      help: 'Slack Web API calls, by method and outcome (ok, error, rate_limited).',
      labelNames: ['method', 'outcome'] as const,
      registers: [registry],
    }),
    llmCalls: new Counter({
      name: 'firebreak_llm_calls_total',
      help: 'Calls to the OpenAI-compatible endpoint, by outcome (ok, error, timeout, invalid).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: 'firebreak_llm_tokens_total',
      help: 'Tokens the OpenAI-compatible endpoint reported using (prompt and completion).',
      registers: [registry],
    }),
    llmCallSeconds: new Histogram({
      name: 'firebreak_llm_call_seconds',
      help: 'Latency of one call to the OpenAI-compatible endpoint, retries included.',
      buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 30],
      registers: [registry],
    }),
    collectorErrors,
    /** Points the scrape-time gauges at this process's store and queue (see scrape-collectors.ts). */
    bindScrapeSources(sources: ScrapeSources): void {
      scrape.bind(sources);
    },
  };
  registry.registerMetric(collectorErrors);
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
