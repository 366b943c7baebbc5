// The ceiling of `npm run bench:ingest`: an HTTP server that does nothing but `Queue.add` on the same Redis
// (no auth, no JSON schema, no normalising, no duplicate check). Run by ingest.ts as a child process; prints its
// URL on stdout when listening.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { createCommandConnection } from '../../src/daemon/redis-connection.js';
import { createLogger } from '../../src/logging/logger.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = process.env.FIREBREAK_QUEUE_PREFIX ?? 'bench-ceiling';
// The daemon's own connection settings, so the comparison is about the work per request, not the client tuning.
const connection = createCommandConnection(redisUrl, createLogger({ level: 'warn' }));
const queue = new Queue('alerts', { connection, prefix });
const app = Fastify();
app.post('/add', async (request, reply) => {
  await queue.add('alerts', request.body, { jobId: randomUUID() });
  return reply.code(202).send({ accepted: true });
});
const url = await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`${url}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => queue.close()).then(() => connection.quit()).finally(() => process.exit(0));
});
