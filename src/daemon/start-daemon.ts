import Fastify, { type FastifyInstance } from 'fastify';
import { registerHealthRoutes } from '../http/health-routes.js';
import { systemClock } from './system-clock.js';
import type { Clock } from '../../agents/ports/clock.js';
import { configuredSecrets } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createHttpServer } from '../http/server.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { createMetrics } from '../metrics/metrics.js';
import { createAlertQueue } from '../queue/alert-queue.js';
import type { Db } from '../store/db.js';
import { openDb } from '../store/open-db.js';
import { startSlackWorker } from '../slack/slack-worker.js';
import type { DaemonContext } from './daemon-context.js';
import { createErrorReporter } from './error-reporting.js';
import { createCommandConnection, waitForReady, workerRedisOptions } from './redis-connection.js';
import { checkRedisDurability } from './redis-durability.js';
import { warnUnauthenticatedReceivers } from './unauthenticated-receivers.js';

export const DAEMON_ROLES = ['api', 'worker', 'all'] as const;
export type DaemonRole = (typeof DAEMON_ROLES)[number];

export interface DaemonOptions {
  config: Config;
  role: DaemonRole;
  logger?: Logger;
  /** An open, migrated store to use instead of opening the configured one (tests); not closed by the daemon. */
  db?: Db;
  clock?: Clock;
  /** How long start-up waits for Redis before serving 503s until it comes (default 5 s). */
  redisWaitMs?: number;
}

export interface RunningDaemon {
  context: DaemonContext;
  /** `http://host:port` of the receivers (api and all roles). */
  url: string | null;
  server: FastifyInstance | null;
  /** Stops taking requests, lets in-flight ones and running jobs finish, then closes the queue, Redis and store. */
  close(): Promise<void>;
}

/**
 * Starts the daemon in one of its roles: `api` (the HTTP receivers), `worker` (the triage worker) or `all`.
 * Builds the DaemonContext once (logger with secrets redacted, metrics, store, fail-fast Redis connection, the
 * `alerts` queue), checks Redis durability, warns about receivers left unauthenticated, then starts the roles.
 * Redis being down at start-up does not stop it: the receivers answer 503 until Redis comes.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const { config, role } = options;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, secrets: configuredSecrets(config) });
  const reporter = await createErrorReporter(config.SENTRY_DSN, logger);
  const metrics = createMetrics();
  const db = options.db ?? (await openDb(config, { as: 'daemon' }));
  const redis = createCommandConnection(config.REDIS_URL, logger);
  const closers: Array<() => Promise<void>> = [];
  try {
    await checkDurabilityWhenReady(redis, config, logger, options.redisWaitMs ?? 5000);
  } catch (error) {
    redis.disconnect();
    if (options.db === undefined) await db.close();
    throw error;
  }
  const queue = createAlertQueue(redis, config.FIREBREAK_QUEUE_PREFIX);
  queue.on('error', (error) => logger.warn({ err: { message: error.message } }, 'alerts queue error'));
  metrics.bindScrapeSources({ db, queue });
  const context: DaemonContext = {
    config,
    logger,
    metrics,
    db,
    redis,
    redisOptions: workerRedisOptions(config.REDIS_URL),
    queuePrefix: config.FIREBREAK_QUEUE_PREFIX,
    queue,
    clock: options.clock ?? systemClock,
    reportError: reporter.report,
  };

  let server: FastifyInstance | null = null;
  let url: string | null = null;
  if (role === 'api' || role === 'all') {
    warnUnauthenticatedReceivers(config, logger);
    server = await createHttpServer(context);
    url = await server.listen({ port: config.PORT, host: config.HOST });
    logger.info({ url, role }, 'receivers listening');
    closers.push(() => closeServer(server!));
  }
  if (role === 'worker' || role === 'all') {
    // Loaded only by the roles that run it: an API replica does not carry the triage pipeline's code.
    const { startTriageWorker } = await import('../worker/triage-worker.js');
    const worker = await startTriageWorker(context);
    logger.info({ role, concurrency: config.FIREBREAK_WORKER_CONCURRENCY }, 'triage worker started');
    closers.push(() => worker.close());
    // Slack interactions, outbox delivery and the on-call clocks; claims in the store keep workers from doubling up.
    const slack = startSlackWorker(context);
    closers.push(() => slack.stop());
    if (role === 'worker') {
      // A worker replica answers its probes and Prometheus's scrape too: the triage metrics are counted here.
      const probes = Fastify({ logger: false });
      registerHealthRoutes(probes, context);
      url = await probes.listen({ port: config.PORT, host: config.HOST });
      logger.info({ url, role }, 'worker health and metrics listening');
      closers.unshift(() => probes.close());
    }
  }

  let closing: Promise<void> | null = null;
  return {
    context,
    url,
    server,
    close() {
      closing ??= (async () => {
        for (const close of closers) await close().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping'));
        await queue.close().catch(() => {});
        await redis.quit().catch(() => redis.disconnect());
        if (options.db === undefined) await db.close();
        await reporter.flush();
      })();
      return closing;
    },
  };
}

/**
 * Checks the eviction policy now if Redis answers within `waitMs`, else as soon as it connects (a refusal then
 * is logged as an error: the daemon is already serving).
 */
async function checkDurabilityWhenReady(redis: DaemonContext['redis'], config: Config, logger: Logger, waitMs: number): Promise<void> {
  const check = () => checkRedisDurability(redis, { require: config.FIREBREAK_REQUIRE_NOEVICTION, logger });
  if (await waitForReady(redis, waitMs)) {
    await check();
    return;
  }
  logger.error({ waitedMs: waitMs }, 'Redis is not reachable; receivers answer 503 until it is');
  redis.once('ready', () => {
    check().catch((error: unknown) => logger.error({ err: error }, 'Redis durability check failed'));
  });
}

/**
 * Stops taking requests and waits for the in-flight ones. fastify closes the keep-alive connections idle at that
 * moment only; one still answering then stays open until its keep-alive timeout (72 s), which made a SIGTERM under
 * load take 70 s (test/faults/worker-signals.test.ts). Closing idle connections again while the close runs bounds
 * the shutdown by the requests actually in flight.
 */
async function closeServer(server: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => server.server.closeIdleConnections(), 250);
  try {
    await server.close();
  } finally {
    clearInterval(sweep);
  }
}
