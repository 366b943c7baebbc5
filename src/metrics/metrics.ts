import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric Firebreak exposes on /metrics, defined once. Label values are bounded sets (sources, reasons,
 * states), never alert titles, ids or user input.
 */
export function createMetrics(options: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry });
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
    }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;
