import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../agents/ports/clock.js';
import type { Config } from '../config/schema.js';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { isFirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import { IncidentRepository } from '../store/incident-log/index.js';
import { registerUiAuth } from './auth/ui-auth.js';
import { UiCredentials } from './auth/ui-credentials.js';
import { createIncidentLogView } from './data/repository-incident-log-view.js';
import { html } from './html.js';
import { registerIncidentRoutes } from './incident-routes.js';
import { registerLoginRoutes } from './login-routes.js';
import { layout } from './pages/layout.js';

/** What the web UI needs from the daemon. */
export interface UiContext {
  config: Pick<Config, 'FIREBREAK_UI_TOKEN'>;
  db: Db;
  clock?: Clock;
}

const STYLESHEET = readFileSync(new URL('./static/ui.css', import.meta.url), 'utf8');

/** Pages are never cached and never framed; the only style sheet is ours and no script runs. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * The web UI under /ui: the incident log, each incident's page, the indicators. Server-rendered HTML, no
 * front-end build. Enabled by FIREBREAK_UI_TOKEN; without it nothing is registered and /ui is a 404.
 * @example await app.register(uiRoutes({ config, db, clock }))
 */
export function uiRoutes(context: UiContext): FastifyPluginAsync {
  return async function ui(app: FastifyInstance): Promise<void> {
    const token = context.config.FIREBREAK_UI_TOKEN;
    if (token === undefined) {
      app.log.info('web UI disabled: FIREBREAK_UI_TOKEN is not set');
      return;
    }
    if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody, { bodyLimit: 64 * 1024 });

    const credentials = new UiCredentials(token);
    const clock = context.clock ?? { now: () => new Date() };
    const repository = new IncidentRepository(context.db, clock);
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/ui')) {
        reply.headers(SECURITY_HEADERS);
        if (!request.url.startsWith('/ui/static/')) reply.header('cache-control', 'no-store');
      }
      return payload;
    });
    registerUiAuth(app, credentials);

    app.get('/ui/static/ui.css', async (_request, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET));
    registerLoginRoutes(app, credentials);
    registerIncidentRoutes(app, { view: createIncidentLogView(repository), db: context.db, clock, credentials });

    app.setErrorHandler(async (error, request, reply) => {
      const notFound = isFirebreakError(error, 'FB_ERR_NOT_FOUND') || (error as { statusCode?: number }).statusCode === 404;
      if (!notFound) request.log.error({ err: error }, 'web UI request failed');
      const status = notFound ? 404 : isFirebreakError(error, 'FB_ERR_BAD_ARGUMENT') ? 400 : 500;
      const text = status === 500 ? 'Something went wrong; it is in the daemon log.' : error instanceof Error ? error.message : 'bad request';
      return reply.code(status).type('text/html; charset=utf-8').send(layout({ title: 'Error' }, html`<h1>${status === 404 ? 'Not found' : 'Error'}</h1><p>${text}</p><p><a href="/ui">Back to the incident log</a></p>`).value);
    });
  };
}

/** The web UI as one of the daemon's route modules (src/http/route-modules.ts). */
export async function registerUiRoutes(app: FastifyInstance, context: DaemonContext): Promise<void> {
  await app.register(uiRoutes({ config: context.config, db: context.db, clock: context.clock }));
}
