import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { FirebreakError } from '../errors/catalogue.js';
import { refuse } from './refusal.js';
import { registerHealthRoutes } from './health-routes.js';
import { HTTP_ROUTE_MODULES } from './route-modules.js';
import { registerWebhookRoutes } from './webhook-routes.js';

/**
 * The daemon's HTTP server: the webhook receivers, `/healthz`, `/readyz` and `/metrics`. JSON bodies are kept as
 * raw bytes (signatures are computed over exactly what was sent) and parsed by the receivers; other content types
 * are refused with 415 and bodies over FIREBREAK_BODY_LIMIT with 413. Every refusal is a JSON
 * `{error, message, requestId}` (see refusal.ts). Route modules listed in route-modules.ts are registered too.
 * @example const app = await createHttpServer(context); await app.listen({ port: 8080 });
 */
export async function createHttpServer(context: DaemonContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    // Accepted deliveries are counted on /metrics; refusals get their own log line. A line per request would
    // cost more than the work under load.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: context.config.FIREBREAK_BODY_LIMIT,
    genReqId: () => randomUUID(),
    // Handlers log through the daemon's logger with the request id in the line; a child logger per request
    // (fastify's default) is work on every delivery for nothing.
    childLoggerFactory: (logger) => logger,
    // A proxy's request id would be trusted blindly; our own is logged with every refusal.
    requestIdHeader: false,
    return503OnClosing: true,
  });

  app.removeContentTypeParser(['application/json', 'text/plain']);
  for (const type of ['application/json', /^application\/[\w.-]+\+json$/]) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  }

  app.setErrorHandler((error, request, reply) => refuse(context, request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    refuse(context, request, reply, new FirebreakError('FB_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );

  registerHealthRoutes(app, context);
  registerWebhookRoutes(app, context);
  for (const register of HTTP_ROUTE_MODULES) await register(app, context);
  return app;
}
