import type { RedisOptions as WorkerRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/**
 * ioredis options from a `redis://[user:password@]host:port[/db]` (or `rediss://`, TLS) URL. The password never
 * reaches a log line: the URL itself is a secret in the configuration.
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username !== '' ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password !== '' ? { password: decodeURIComponent(parsed.password) } : {}),
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Reconnect quickly and forever: the receivers must serve again as soon as Redis is back, without a restart. */
const reconnect = (times: number) => Math.min(100 * times, 1000);

/**
 * The fail-fast command connection of the API: a command issued while Redis is away fails at once instead of
 * waiting in the offline queue, and one that Redis does not answer fails after `commandTimeout`.
 */
export function createCommandConnection(url: string, logger: Logger): Redis {
  const redis = new Redis({
    ...redisOptionsFromUrl(url),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 1000,
    retryStrategy: reconnect,
    connectionName: 'firebreak-api',
  });
  logConnectionState(redis, logger, 'command');
  return redis;
}

/** Options for a BullMQ Worker's own connection (blocking commands: no retry limit, offline queue on). */
export function workerRedisOptions(url: string): WorkerRedisOptions {
  return { ...redisOptionsFromUrl(url), maxRetriesPerRequest: null, retryStrategy: reconnect, connectionName: 'firebreak-worker' };
}

/** Resolves true once the connection is ready, false after `timeoutMs` (the caller carries on and serves 503s). */
export function waitForReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.on('ready', onReady);
  });
}

/** One log line when the connection is lost and one when it is back, not one per reconnection attempt. */
function logConnectionState(redis: Redis, logger: Logger, role: string): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ redis: role, err: { message: error.message } }, 'Redis connection lost; receivers answer 503 until it is back');
  });
  redis.on('close', () => {
    if (!down && redis.status !== 'end') {
      down = true;
      logger.warn({ redis: role }, 'Redis connection closed; reconnecting');
    }
  });
  redis.on('ready', () => {
    if (down) logger.info({ redis: role }, 'Redis connection back');
    down = false;
  });
}
