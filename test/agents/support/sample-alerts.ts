import type { AmAlert } from './triage-harness.js';

/** A synthetic probe that is slow now and then and recovers by itself: the typical candidate for noise. */
export const slowProbe: AmAlert = {
  labels: { alertname: 'ProbeSlow', instance: 'https://partner-api.example.net/health', service: 'partners', severity: 'warning' },
  summary: 'Probe of partner-api is slow',
};

/** A real problem on the same service as `slowProbe`: what corroborates it. */
export const partnerErrors: AmAlert = {
  labels: { alertname: 'UpstreamErrorRate', service: 'partners', upstream: 'partner-api', severity: 'critical' },
  summary: '35% of calls to partner-api fail',
};
