import type { FastifyInstance } from 'fastify';
import type { DaemonContext } from '../daemon/daemon-context.js';

/** How long /readyz waits for each dependency before calling it unreachable. */
const PROBE_TIMEOUT_MS = 1000;

type ProbeResult = 'ok' | 'unreachable';

/**
 * - `GET /healthz`: the process is alive (no dependency checked: a restart would not bring Redis back).
 * - `GET /readyz`: Redis and the store answer; 503 otherwise, so a load balancer stops sending alerts here.
 * - `GET /metrics`: the Prometheus exposition of the daemon's registry.
 */
export function registerHealthRoutes(app: FastifyInstance, context: DaemonContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [redis, store] = await Promise.all([
      probe(async () => {
        if (context.redis.status !== 'ready') throw new Error(context.redis.status);
        await context.redis.ping();
      }),
      probe(async () => {
        await context.db.query('SELECT 1');
      }),
    ]);
    const ready = redis === 'ok' && store === 'ok';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', redis, store });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await context.metrics.registry.metrics();
    return reply.type(context.metrics.registry.contentType).send(text);
  });
}

async function probe(check: () => Promise<void>): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
