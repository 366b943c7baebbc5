import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorName, LOGIN_COOKIE, principalOf, safeNext, SESSION_COOKIE } from './auth/ui-auth.js';
import { loginNonce, SESSION_TTL_MS, type UiCredentials } from './auth/ui-credentials.js';
import { safeEqual } from './auth/ui-credentials.js';
import { layout } from './pages/layout.js';
import { loginPage } from './pages/login-page.js';

/**
 * GET/POST /ui/login and POST /ui/logout. The login form is itself protected by a double-submit nonce (a
 * cookie and a hidden field that must match), so another site cannot sign a browser in with its own token.
 */
export function registerLoginRoutes(app: FastifyInstance, credentials: UiCredentials): void {
  app.get('/ui/login', async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    return sendLogin(request, reply, next, 200);
  });

  app.post('/ui/login', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = safeNext(body.next);
    const nonce = typeof body.nonce === 'string' ? body.nonce : '';
    const cookieNonce = request.cookies[LOGIN_COOKIE] ?? '';
    if (nonce === '' || !safeEqual(nonce, cookieNonce)) return sendLogin(request, reply, next, 403, 'The form expired; please sign in again.');
    if (typeof body.token !== 'string' || !credentials.tokenMatches(body.token)) {
      request.log.warn({ ui: 'login refused' }, 'web UI sign-in with a wrong token');
      return sendLogin(request, reply, next, 401, 'That token is not the one configured (FIREBREAK_UI_TOKEN).');
    }
    const actor = actorName(typeof body.name === 'string' ? body.name : undefined);
    reply.setCookie(SESSION_COOKIE, credentials.issueSession(actor), cookieOptions(request, SESSION_TTL_MS / 1000));
    reply.clearCookie(LOGIN_COOKIE, { path: '/ui/login' });
    return reply.redirect(next, 303);
  });

  app.post('/ui/logout', async (request, reply) => {
    principalOf(request);
    reply.clearCookie(SESSION_COOKIE, { path: '/ui' });
    return reply.redirect('/ui/login', 303);
  });
}

function sendLogin(request: FastifyRequest, reply: FastifyReply, next: string, status: number, error?: string): FastifyReply {
  const nonce = loginNonce();
  reply.setCookie(LOGIN_COOKIE, nonce, { ...cookieOptions(request, 3600), path: '/ui/login' });
  const page = layout({ title: 'Sign in' }, loginPage({ nonce, next, ...(error === undefined ? {} : { error }) }));
  return reply.code(status).type('text/html; charset=utf-8').send(page.value);
}

/** HttpOnly, SameSite=Strict, scoped to /ui; Secure whenever the request came over HTTPS (directly or via a trusted proxy). */
function cookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  return { path: '/ui', httpOnly: true, sameSite: 'strict' as const, secure: request.protocol === 'https', maxAge: maxAgeSeconds };
}
