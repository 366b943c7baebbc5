import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { CHECKOUT, HOSTILE_TITLE, seedIncidentLog } from './seed-incident-log.js';
import { buildUiApp, UI_TOKEN } from './ui-app.js';

let store: TestDatabase;
let app: FastifyInstance;
const bearer = { authorization: `Bearer ${UI_TOKEN}` };

beforeAll(async () => {
  store = await createTestDatabase('pglite');
  await seedIncidentLog(store.db, 0);
  app = await buildUiApp(store.db);
});
afterAll(async () => {
  await app?.close();
  await store?.drop();
});

/** Signs in through the login form the way a browser does; returns the session cookie. */
async function signIn(name = 'ana'): Promise<string> {
  const form = await app.inject({ url: '/ui/login' });
  const nonce = /name="nonce" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const loginCookie = form.cookies.find((c) => c.name === 'fb_ui_login')?.value ?? '';
  const response = await app.inject({
    method: 'POST',
    url: '/ui/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `fb_ui_login=${loginCookie}` },
    payload: new URLSearchParams({ nonce, token: UI_TOKEN, name, next: '/ui/incidents/INC-0001' }).toString(),
  });
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe('/ui/incidents/INC-0001');
  const session = response.cookies.find((c) => c.name === 'fb_ui_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');
  return `fb_ui_session=${session?.value}`;
}

function csrfOf(body: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
}

describe('web UI authentication', () => {
  it('answers 401 with a catalogue code to a client without credentials', async () => {
    const response = await app.inject({ url: '/ui', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('Bearer');
    expect(response.json().error.code).toBe('FB_ERR_UI_UNAUTHORIZED');
  });

  it('sends a browser without credentials to the login page, remembering where it was going', async () => {
    const response = await app.inject({ url: '/ui/incidents/INC-0001', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/ui/login?next=%2Fui%2Fincidents%2FINC-0001');
  });

  it('refuses a wrong bearer token and a wrong basic password, and accepts the right ones', async () => {
    expect((await app.inject({ url: '/ui', headers: { authorization: 'Bearer nope', accept: 'text/html' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/ui', headers: { authorization: `Bearer ${UI_TOKEN}x` } })).statusCode).toBe(401);
    const wrongBasic = Buffer.from('ana:wrong').toString('base64');
    expect((await app.inject({ url: '/ui', headers: { authorization: `Basic ${wrongBasic}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/ui', headers: bearer })).statusCode).toBe(200);
    const basic = Buffer.from(`ana:${UI_TOKEN}`).toString('base64');
    const page = await app.inject({ url: '/ui', headers: { authorization: `Basic ${basic}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div class="who">ana');
  });

  it('names the user an OIDC proxy signed in when the proxy presents the token', async () => {
    const page = await app.inject({ url: '/ui', headers: { ...bearer, 'x-forwarded-user': 'carla@example.com' } });
    expect(page.body).toContain('carla@example.com');
  });

  it('signs in with the token through the login form, and refuses a wrong token or a missing nonce', async () => {
    const cookie = await signIn();
    const page = await app.inject({ url: '/ui/incidents/INC-0001', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const form = await app.inject({ url: '/ui/login' });
    const nonce = /name="nonce" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const loginCookie = form.cookies.find((c) => c.name === 'fb_ui_login')?.value ?? '';
    const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: `fb_ui_login=${loginCookie}` };
    const wrong = await app.inject({ method: 'POST', url: '/ui/login', headers, payload: `nonce=${nonce}&token=guess` });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.cookies.find((c) => c.name === 'fb_ui_session')).toBeUndefined();
    const noNonce = await app.inject({ method: 'POST', url: '/ui/login', headers, payload: `token=${UI_TOKEN}` });
    expect(noNonce.statusCode).toBe(403);
  });

  it('never redirects after login outside /ui', async () => {
    const form = await app.inject({ url: '/ui/login?next=//evil.example/ui' });
    expect(form.body).toContain('name="next" value="/ui"');
  });

  it('refuses a forged session cookie', async () => {
    const cookie = await signIn();
    const [issued, , mac] = cookie.replace('fb_ui_session=', '').split('.');
    const forged = `fb_ui_session=${issued}.${Buffer.from('mallory').toString('base64url')}.${mac}`;
    expect((await app.inject({ url: '/ui', headers: { cookie: forged } })).statusCode).toBe(401);
  });

  it('serves nothing under /ui when FIREBREAK_UI_TOKEN is not set', async () => {
    const disabled = await buildUiApp(store.db, null);
    expect((await disabled.inject({ url: '/ui', headers: bearer })).statusCode).toBe(404);
    await disabled.close();
  });
});

describe('web UI forms', () => {
  it('refuses a post without its CSRF token, or from another origin, and changes nothing', async () => {
    const cookie = await signIn();
    const page = await app.inject({ url: `/ui/incidents/${CHECKOUT.id}`, headers: { cookie } });
    const csrf = csrfOf(page.body);
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const missing = await app.inject({ method: 'POST', url: `/ui/incidents/${CHECKOUT.id}`, headers, payload: 'rootCause=forged' });
    expect(missing.statusCode).toBe(403);
    const otherOrigin = await app.inject({
      method: 'POST',
      url: `/ui/incidents/${CHECKOUT.id}`,
      headers: { ...headers, origin: 'https://evil.example' },
      payload: `_csrf=${csrf}&rootCause=forged`,
    });
    expect(otherOrigin.statusCode).toBe(403);
    const after = await app.inject({ url: `/ui/incidents/${CHECKOUT.id}`, headers: bearer });
    expect(after.body).not.toContain('forged');
  });

  it('saves a root cause with a timeline entry naming who, and says what is wrong with a bad time', async () => {
    const cookie = await signIn('dev');
    const page = await app.inject({ url: `/ui/incidents/${CHECKOUT.id}`, headers: { cookie } });
    const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const saved = await app.inject({
      method: 'POST',
      url: `/ui/incidents/${CHECKOUT.id}`,
      headers,
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), rootCause: 'Pool halved <b>by</b> config', category: 'configuration' }).toString(),
    });
    expect(saved.statusCode).toBe(303);
    const after = await app.inject({ url: `/ui/incidents/${CHECKOUT.id}`, headers: { cookie } });
    expect(after.body).toContain('Pool halved &lt;b&gt;by&lt;/b&gt; config');
    const [entry] = await store.db.query<{ actor: string; kind: string }>(
      "SELECT actor, kind FROM timeline WHERE incident_id = $1 AND kind = 'field-changed' AND detail->>'field' = 'rootCause'",
      [CHECKOUT.id],
    );
    expect(entry).toEqual({ actor: 'dev', kind: 'field-changed' });
    const bad = await app.inject({
      method: 'POST',
      url: `/ui/incidents/${CHECKOUT.id}`,
      headers,
      payload: new URLSearchParams({ _csrf: csrfOf(after.body), detectedAt: 'yesterday-ish' }).toString(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Not saved: detectedAt');
  });

  it('refuses to change a remediation through another incident', async () => {
    const [remediation] = await store.db.query<{ id: string }>('SELECT id::text AS id FROM remediations WHERE incident_id = $1', [CHECKOUT.id]);
    const page = await app.inject({ url: '/ui/incidents/INC-0002', headers: bearer });
    const response = await app.inject({
      method: 'POST',
      url: `/ui/incidents/INC-0002/remediations/${remediation?.id}`,
      headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${csrfOf(page.body)}&status=cancelled`,
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('web UI output', () => {
  it('shows hostile alert text as text, never as markup', async () => {
    const page = await app.inject({ url: `/ui/incidents/${CHECKOUT.id}`, headers: bearer });
    expect(page.body).not.toContain('<script>window');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('answers 404 for an unknown incident', async () => {
    const page = await app.inject({ url: '/ui/incidents/INC-9999', headers: bearer });
    expect(page.statusCode).toBe(404);
    expect(HOSTILE_TITLE).toContain('<script>');
  });
});
