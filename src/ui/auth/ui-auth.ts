import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UiCredentials } from './ui-credentials.js';

export const SESSION_COOKIE = 'fb_ui_session';
export const LOGIN_COOKIE = 'fb_ui_login';

/** Who is asking, how they proved it, and the session their CSRF tokens are bound to. */
export interface UiPrincipal {
  actor: string;
  via: 'bearer' | 'basic' | 'cookie';
  /** The cookie value, or `header:<actor>` for header credentials. */
  session: string;
}

/**
 * Headers an authenticating proxy (oauth2-proxy, an ingress with OIDC) sets to the signed-in user. They are
 * read only on a request that also carries the UI token as a bearer token, which only that proxy holds.
 */
const PROXY_USER_HEADERS = ['x-forwarded-user', 'x-auth-request-user', 'x-forwarded-email', 'x-auth-request-email'];
const ACTOR = /^[A-Za-z0-9._@ -]{1,64}$/;

const principals = new WeakMap<FastifyRequest, UiPrincipal>();

/** The principal the auth hook attached to this request (every /ui route but login and static files has one). */
export function principalOf(request: FastifyRequest): UiPrincipal {
  const principal = principals.get(request);
  if (principal === undefined) throw new Error('no UI principal on this request: is the route outside the UI plugin?');
  return principal;
}

/** A name fit for the timeline, or the fallback. */
export function actorName(value: string | undefined, fallback = 'web-ui'): string {
  const trimmed = value?.trim() ?? '';
  return ACTOR.test(trimmed) ? trimmed : fallback;
}

/**
 * Guards every /ui route: `Authorization: Bearer <token>`, basic credentials whose password is the token, or
 * a session cookie from the login form. Without them a browser asking for a page is sent to the login page
 * (303), anything else gets 401. Forms posted must carry the CSRF token of their session and, when the browser
 * says where it comes from, come from this origin.
 */
export function registerUiAuth(app: FastifyInstance, credentials: UiCredentials): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/ui/login' || path.startsWith('/ui/static/')) return;
    const principal = authenticate(request, credentials);
    if (principal !== null) {
      principals.set(request, principal);
      return;
    }
    return refuse(request, reply);
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    const path = request.url.split('?')[0] ?? '';
    if (path === '/ui/login') return;
    const origin = request.headers.origin;
    if (origin !== undefined && !sameOrigin(origin, request)) return forbid(reply, 'the form was posted from another origin');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof body._csrf === 'string' ? body._csrf : undefined;
    if (!credentials.csrfMatches(principalOf(request).session, token)) return forbid(reply, 'the form is missing its CSRF token or it is stale; reload the page');
  });
}

function authenticate(request: FastifyRequest, credentials: UiCredentials): UiPrincipal | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const [scheme, value = ''] = header.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && credentials.tokenMatches(value.trim())) {
      const proxied = PROXY_USER_HEADERS.map((name) => request.headers[name]).find((v): v is string => typeof v === 'string');
      const actor = actorName(proxied, 'web-ui');
      return { actor, via: 'bearer', session: `header:${actor}` };
    }
    if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0 && credentials.tokenMatches(decoded.slice(colon + 1))) {
        const actor = actorName(decoded.slice(0, colon));
        return { actor, via: 'basic', session: `header:${actor}` };
      }
    }
    // Credentials given and wrong: no fallback to a cookie, the caller must hear that they are wrong.
    return null;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  const actor = credentials.verifySession(cookie);
  return actor === null || cookie === undefined ? null : { actor, via: 'cookie', session: cookie };
}

function refuse(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const wantsPage = request.method === 'GET' && request.headers.authorization === undefined && (request.headers.accept ?? '').includes('text/html');
  if (wantsPage) return reply.redirect(`/ui/login?next=${encodeURIComponent(request.url)}`, 303);
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="firebreak-ui", Basic realm="firebreak-ui"')
    .send({ error: { code: 'FB_ERR_UI_UNAUTHORIZED', message: 'the web UI needs the UI token (Authorization: Bearer), basic credentials or a session cookie' } });
}

function forbid(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(403).type('text/plain; charset=utf-8').send(`FB_ERR_UI_FORBIDDEN: ${message}\n`);
}

function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === (request.headers['x-forwarded-host'] ?? request.headers.host);
  } catch {
    return false;
  }
}

/** A redirect target after login: a path inside /ui only, never another site (`//evil`, `/\evil`). */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !/^\/ui(?:[/?][^\s\\]*)?$/.test(value) || value.startsWith('//')) return '/ui';
  return value;
}
