import type { Redis } from 'ioredis';
import { FirebreakError } from '../errors/catalogue.js';
import type { Logger } from '../logging/logger.js';

export interface RedisDurability {
  maxmemoryPolicy: string | null;
  appendOnly: boolean | null;
}

/**
 * Reads the eviction policy and append-only setting from `INFO` (managed Redis services often refuse
 * `CONFIG GET`, never `INFO`).
 */
export async function readRedisDurability(redis: Redis): Promise<RedisDurability> {
  const info = await redis.info();
  const field = (name: string) => info.match(new RegExp(`^${name}:(.*)$`, 'm'))?.[1]?.trim() ?? null;
  const aof = field('aof_enabled');
  return { maxmemoryPolicy: field('maxmemory_policy'), appendOnly: aof === null ? null : aof === '1' };
}

/**
 * A 202 promises the alert survives a `kill -9` of Redis: that needs the append-only file and a Redis that never
 * evicts keys (an evicted job is a lost alert). With `require` (FIREBREAK_REQUIRE_NOEVICTION=true) an evicting
 * Redis stops start-up with FB_ERR_REDIS_EVICTION_POLICY; otherwise, and for a missing append-only file (a managed
 * service may persist by other means), the daemon warns.
 */
export async function checkRedisDurability(redis: Redis, options: { require: boolean; logger: Logger }): Promise<RedisDurability> {
  const durability = await readRedisDurability(redis);
  const { maxmemoryPolicy, appendOnly } = durability;
  if (maxmemoryPolicy !== null && maxmemoryPolicy !== 'noeviction') {
    const message = `Redis maxmemory-policy is ${maxmemoryPolicy}, not noeviction: queued alerts could be evicted (set it, or FIREBREAK_REQUIRE_NOEVICTION=false to only warn)`;
    if (options.require) throw new FirebreakError('FB_ERR_REDIS_EVICTION_POLICY', message, { maxmemoryPolicy });
    options.logger.warn({ code: 'FB_ERR_REDIS_EVICTION_POLICY', maxmemoryPolicy }, message);
  }
  if (appendOnly === false) {
    options.logger.warn({ appendOnly }, 'Redis runs without appendonly: an alert acknowledged just before Redis is killed can be lost');
  }
  return durability;
}
