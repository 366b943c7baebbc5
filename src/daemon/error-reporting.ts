import type { Logger } from '../logging/logger.js';

export type ReportError = (error: unknown, context?: Record<string, string | number | boolean | null | undefined>) => void;

/**
 * The daemon's own unexpected errors go to the log always, and to Sentry through `@sentry/node` when a DSN is
 * configured (loaded only then: it instruments the process as it starts). Input errors (bad bodies, refused
 * signatures) are not reported: they are the sender's, and counted on /metrics.
 */
export async function createErrorReporter(dsn: string | undefined, logger: Logger): Promise<{ report: ReportError; flush(): Promise<void> }> {
  if (dsn === undefined || dsn === '') {
    return {
      report: (error, context) => logger.error({ err: error, ...context }, 'unexpected error'),
      flush: async () => {},
    };
  }
  const Sentry = await import('@sentry/node');
  Sentry.init({ dsn, defaultIntegrations: false, tracesSampleRate: 0 });
  return {
    report(error, context) {
      logger.error({ err: error, ...context }, 'unexpected error');
      Sentry.captureException(error, { extra: context ?? {} });
    },
    async flush() {
      await Sentry.flush(2000);
    },
  };
}
