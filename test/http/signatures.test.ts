import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { fixtureBytes } from './support/fixtures.js';
import { startTestDaemon, type TestDaemon } from './support/test-daemon.js';

const SENTRY_SECRET = 'sentry-signing-secret-1234';
const LEGACY_TOKEN = 'legacy-url-token-5678';
const GRAFANA_SECRET = 'grafana-hmac-secret-9012';
const GRAFANA_TOKEN = 'grafana-bearer-token-3456';
const AM_BASIC = 'alertmanager:basic-password-7890';
const SECRETS = [SENTRY_SECRET, LEGACY_TOKEN, GRAFANA_SECRET, GRAFANA_TOKEN, AM_BASIC, 'basic-password-7890'];

const hmac = (secret: string, ...parts: Array<Buffer | string>) => {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};
const alter = (bytes: Buffer) => {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf('ReferenceError');
  copy[at] = 'r'.charCodeAt(0); // one byte, still valid JSON
  return copy;
};
const nowSeconds = () => Math.floor(Date.now() / 1000);

let database: TestDatabase;
let daemon: TestDaemon;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  daemon = await startTestDaemon({
    db: database.db,
    env: {
      SENTRY_CLIENT_SECRET: SENTRY_SECRET,
      SENTRY_LEGACY_TOKEN: LEGACY_TOKEN,
      GRAFANA_HMAC_SECRET: GRAFANA_SECRET,
      GRAFANA_HMAC_TIMESTAMP_HEADER: 'X-Grafana-Alerting-Timestamp',
      GRAFANA_TOKEN,
      ALERTMANAGER_BASIC_AUTH: AM_BASIC,
      FIREBREAK_REPLAY_WINDOW_S: '300',
    },
  });
});

afterAll(async () => {
  await daemon?.close();
  await database?.drop();
});

describe('Sentry-Hook-Signature', () => {
  const bytes = fixtureBytes('sentry/issue.created.docs.json');
  const headers = (signature: string | null, name = 'Sentry-Hook-Signature') => ({
    'Request-ID': randomBytes(16).toString('hex'),
    'Sentry-Hook-Resource': 'issue',
    ...(signature === null ? {} : { [name]: signature }),
  });

  it('accepts the HMAC-SHA256 of the exact fixture bytes', async () => {
    expect((await daemon.post('/webhooks/sentry', bytes, headers(hmac(SENTRY_SECRET, bytes)))).status).toBe(202);
  });

  it('accepts it in Sentry-App-Signature too', async () => {
    expect((await daemon.post('/webhooks/sentry', bytes, headers(hmac(SENTRY_SECRET, bytes), 'Sentry-App-Signature'))).status).toBe(202);
  });

  it('refuses a signature made with another secret', async () => {
    const response = await daemon.post('/webhooks/sentry', bytes, headers(hmac('another-secret', bytes)));
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ error: 'FB_ERR_RECEIVER_BAD_SIGNATURE' });
  });

  it('refuses a body with one byte altered after signing', async () => {
    const response = await daemon.post('/webhooks/sentry', alter(bytes), headers(hmac(SENTRY_SECRET, bytes)));
    expect(response.status).toBe(401);
    expect(response.json.error).toBe('FB_ERR_RECEIVER_BAD_SIGNATURE');
  });

  it('refuses a delivery without the signature header', async () => {
    const response = await daemon.post('/webhooks/sentry', bytes, headers(null));
    expect(response.status).toBe(401);
    expect(String(response.json.message)).toContain('Sentry-Hook-Signature header missing');
  });

  it('verifies the raw bytes, not a re-serialisation (non-ASCII escaped as Sentry sends it)', async () => {
    const body = Buffer.from('{"action":"created","data":{"issue":{"id":"77","title":"caf\\u00e9 \\u2603 broke","project":{"slug":"x"}}}}');
    expect((await daemon.post('/webhooks/sentry', body, headers(hmac(SENTRY_SECRET, body)))).status).toBe(202);
  });
});

describe('the legacy Sentry plugin', () => {
  const bytes = fixtureBytes('sentry/legacy-plugin.alerta-contrib-readme.json');

  it('is accepted on the URL with the configured token', async () => {
    const response = await daemon.post(`/webhooks/sentry?token=${LEGACY_TOKEN}`, bytes);
    expect(response.status).toBe(202);
    expect(response.json.alerts).toBe(1);
  });

  it('is refused without the token or with a wrong one', async () => {
    expect((await daemon.post('/webhooks/sentry', bytes)).json.error).toBe('FB_ERR_RECEIVER_BAD_TOKEN');
    expect((await daemon.post('/webhooks/sentry?token=wrong', bytes)).status).toBe(401);
  });
});

describe('Grafana HMAC with a timestamp header', () => {
  const bytes = fixtureBytes('grafana/unified.firing.docs.json');
  const signed = (timestamp: number, secret = GRAFANA_SECRET, body = bytes) => ({
    'X-Grafana-Alerting-Signature': hmac(secret, `${timestamp}:`, body),
    'X-Grafana-Alerting-Timestamp': String(timestamp),
    authorization: `Bearer ${GRAFANA_TOKEN}`,
  });

  it('accepts the HMAC of "timestamp:body" within the window', async () => {
    const response = await daemon.post('/webhooks/grafana', bytes, signed(nowSeconds()));
    expect(response.status).toBe(202);
    expect(response.json.alerts).toBe(2);
  });

  it('refuses a wrong secret', async () => {
    expect((await daemon.post('/webhooks/grafana', bytes, signed(nowSeconds(), 'wrong-secret'))).json.error).toBe('FB_ERR_RECEIVER_BAD_SIGNATURE');
  });

  it('refuses an altered byte', async () => {
    const changed = Buffer.from(bytes);
    changed[changed.indexOf('memory')] = 'M'.charCodeAt(0);
    expect((await daemon.post('/webhooks/grafana', changed, signed(nowSeconds()))).json.error).toBe('FB_ERR_RECEIVER_BAD_SIGNATURE');
  });

  it('refuses a missing signature header', async () => {
    const { 'X-Grafana-Alerting-Signature': _dropped, ...rest } = signed(nowSeconds());
    const response = await daemon.post('/webhooks/grafana', bytes, rest);
    expect(response.status).toBe(401);
    expect(response.json.error).toBe('FB_ERR_RECEIVER_BAD_SIGNATURE');
  });

  it('refuses a stale timestamp, correctly signed, outside the replay window', async () => {
    const response = await daemon.post('/webhooks/grafana', bytes, signed(nowSeconds() - 301));
    expect(response.status).toBe(401);
    expect(response.json.error).toBe('FB_ERR_RECEIVER_STALE_TIMESTAMP');
  });

  it('refuses a right signature without the configured bearer token', async () => {
    const { authorization: _dropped, ...rest } = signed(nowSeconds());
    expect((await daemon.post('/webhooks/grafana', bytes, rest)).json.error).toBe('FB_ERR_RECEIVER_BAD_TOKEN');
  });
});

describe('Alertmanager basic auth', () => {
  const body = JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Basic' }, fingerprint: '0101010101010101' }] });
  const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

  it('accepts the configured user and password', async () => {
    expect((await daemon.post('/webhooks/alertmanager', body, basic(AM_BASIC))).status).toBe(202);
  });

  it('refuses another password', async () => {
    expect((await daemon.post('/webhooks/alertmanager', body, basic('alertmanager:nope'))).json.error).toBe('FB_ERR_RECEIVER_BAD_TOKEN');
  });
});

describe('secrets', () => {
  it('never appear in a log line', () => {
    const all = daemon.logs.text.join('\n');
    expect(daemon.logs.lines.some((line) => line.msg === 'webhook refused')).toBe(true);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });
});
