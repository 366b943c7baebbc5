import { Writable } from 'node:stream';
import type { Clock } from '../../../agents/ports/clock.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { startDaemon, type DaemonRole, type RunningDaemon } from '../../../src/daemon/start-daemon.js';
import { createLogger } from '../../../src/logging/logger.js';
import type { Db } from '../../../src/store/db.js';
import { TEST_REDIS_URL, testQueuePrefix } from '../../support/databases.js';

/** Every JSON line the daemon logged, parsed, for assertions on what an operator would read. */
export class LogSink extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly text: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      this.text.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

export interface TestDaemon extends RunningDaemon {
  url: string;
  logs: LogSink;
  post(path: string, body: Buffer | string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

/**
 * The real daemon (api role unless told otherwise) on a free port, its own queue prefix, the given store and
 * environment, logging into a sink. No worker runs in the api role, so queued jobs stay in Redis to be read back.
 */
export async function startTestDaemon(options: { db: Db; env?: Record<string, string>; role?: DaemonRole; clock?: Clock; redisWaitMs?: number }): Promise<TestDaemon> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: TEST_REDIS_URL,
    FIREBREAK_QUEUE_PREFIX: testQueuePrefix(),
    // The shared test Redis is configured by scripts/ensure-services.sh; a developer's may not be.
    FIREBREAK_REQUIRE_NOEVICTION: 'false',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logs = new LogSink();
  const logger = createLogger({ level: config.LOG_LEVEL, destination: logs });
  const daemon = await startDaemon({
    config,
    role: options.role ?? 'api',
    logger,
    db: options.db,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.redisWaitMs !== undefined ? { redisWaitMs: options.redisWaitMs } : {}),
  });
  const url = daemon.url ?? '';
  return {
    ...daemon,
    url,
    logs,
    async close() {
      // The shared test Redis keeps everything (noeviction): leave nothing of this test's queue behind.
      await daemon.context.queue.obliterate({ force: true }).catch(() => {});
      await daemon.close();
    },
    async post(path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
    },
  };
}

/** A clock standing still, so `receivedAt` in the queued alerts can be asserted exactly. */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}
