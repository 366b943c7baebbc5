import type { Queue, RedisOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../../agents/ports/clock.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { AlertJob } from '../queue/alert-job.js';
import type { Db } from '../store/db.js';

/**
 * Everything a role of the daemon (HTTP receivers, triage worker) is given, built once by `startDaemon`.
 * Nothing in here is created by the roles themselves, so a test can build a context on its own Redis prefix and
 * database and run the real server or worker on it.
 */
export interface DaemonContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** The incident store: PostgreSQL (DATABASE_URL) or the embedded PGlite. */
  db: Db;
  /**
   * The shared command connection (queue writes, health checks). It fails fast: no offline queue, a command
   * timeout, so a receiver answers 503 instead of hanging while Redis is away; it reconnects on its own.
   */
  redis: Redis;
  /**
   * Options for connections a role opens itself: a BullMQ Worker needs its own blocking connection, with
   * `maxRetriesPerRequest: null`, and must not share the fail-fast one.
   */
  redisOptions: RedisOptions;
  /** The BullMQ prefix (FIREBREAK_QUEUE_PREFIX): every queue of this daemon lives under it. */
  queuePrefix: string;
  /** The `alerts` queue the receivers write and the worker reads. */
  queue: Queue<AlertJob, unknown, string>;
  clock: Clock;
  /** Reports an unexpected error (to Sentry when SENTRY_DSN is set); it is logged either way. */
  reportError(error: unknown, context?: Record<string, string | number | boolean | null | undefined>): void;
}
