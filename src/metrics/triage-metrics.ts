import type { Clock } from '../../agents/ports/clock.js';
import type { TriageObserver } from '../../agents/ports/triage-observer.js';
import type { Metrics } from './metrics.js';

/**
 * The pipeline's TriageObserver counted on /metrics: decisions by outcome, triage latency (received -> decision,
 * on the pipeline's clock), suppressions by reason, incidents opened by severity, time to notify. It only counts:
 * it never throws and never waits.
 *
 * @example createPipeline({ ..., observer: metricsTriageObserver(context.metrics, context.clock) })
 */
export function metricsTriageObserver(
  metrics: Pick<Metrics, 'triageDecisions' | 'triageLatency' | 'alertsSuppressed' | 'incidentsOpened' | 'timeToNotify'>,
  clock: Clock,
): TriageObserver {
  return {
    decided(outcome, alert) {
      metrics.triageDecisions.inc({ outcome });
      const latency = (clock.now().getTime() - Date.parse(alert.receivedAt)) / 1000;
      // A replayed or clock-skewed alert must not put a negative or NaN observation in the histogram.
      if (Number.isFinite(latency) && latency >= 0) metrics.triageLatency.observe(latency);
    },
    suppressed(reason) {
      metrics.alertsSuppressed.inc({ reason });
    },
    incidentOpened(severity) {
      metrics.incidentsOpened.inc({ severity });
    },
    notified(secondsSinceFirstAlert) {
      if (Number.isFinite(secondsSinceFirstAlert) && secondsSinceFirstAlert >= 0) metrics.timeToNotify.observe(secondsSinceFirstAlert);
    },
  };
}
