import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { fixtureBytes } from '../http/support/fixtures.js';
import { fixedClock, startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';

const NOW = '2025-06-02T08:00:00Z';
const SENTRY_SECRET = 'e2e-sentry-client-secret';

async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('triage end to end', () => {
  let database: TestDatabase;
  let daemon: TestDaemon;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    daemon = await startTestDaemon({ db: database.db, role: 'all', clock: fixedClock(NOW), env: { SENTRY_CLIENT_SECRET: SENTRY_SECRET, FIREBREAK_PLAYBOOKS_DIR: 'playbooks' } });
  });
  afterAll(async () => {
    await daemon?.close();
    await database?.drop();
  });

  describe('when Sentry posts a new issue over HTTP', () => {
    it('opens one incident with the matching playbook and its evidence, and a redelivery changes nothing', async () => {
      const bytes = fixtureBytes('sentry/issue.created.docs.json');
      const headers = {
        'Request-ID': randomBytes(16).toString('hex'),
        'Sentry-Hook-Resource': 'issue',
        'Sentry-Hook-Timestamp': String(Math.floor(Date.parse(NOW) / 1000)),
        'Sentry-Hook-Signature': createHmac('sha256', SENTRY_SECRET).update(bytes).digest('hex'),
      };
      const response = await daemon.post('/webhooks/sentry', bytes, headers);
      expect(response.status).toBe(202);

      const alert = await eventually(async () => {
        const rows = await database.db.query<{ id: number; incident_id: string | null; trace: Array<{ step: string; decision: string }> }>(
          "SELECT a.id, a.incident_id, a.trace FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE a.source = 'sentry' AND i.notified_at IS NOT NULL AND a.trace @> '[{\"decision\": \"notified\"}]'",
        );
        return rows[0];
      }, 'the alert to be triaged into a notified incident');
      const [incident] = await database.db.query<{ playbook_id: string | null; notified_at: string | null; evidence: { checklist?: string[]; actions?: Array<{ id: string }> } }>(
        'SELECT playbook_id, notified_at, evidence FROM incidents WHERE id = $1',
        [alert.incident_id],
      );
      expect(incident?.playbook_id).toBe('bad-deploy-error-spike');
      expect(incident?.notified_at).toBe(new Date(NOW).toISOString());
      expect(incident?.evidence.checklist?.length).toBeGreaterThan(0);
      expect(incident?.evidence.actions?.map((action) => action.id)).toContain('rollback-release');
      expect(alert.trace.map((entry) => `${entry.step}:${entry.decision}`)).toEqual(expect.arrayContaining(['dedupe:new', 'decide:notified']));

      expect((await daemon.post('/webhooks/sentry', bytes, headers)).status).toBe(202);
      await eventually(async () => {
        const waiting = await daemon.context.queue.getJobCounts('waiting', 'active', 'delayed');
        return (waiting.waiting ?? 0) + (waiting.active ?? 0) === 0 ? true : undefined;
      }, 'the deliveries to be recorded');
      const counts = await database.db.query<{ alerts: number; incidents: number }>("SELECT (SELECT count(*)::int FROM alerts) AS alerts, (SELECT count(*)::int FROM incidents WHERE origin = 'triage') AS incidents");
      expect(counts[0]).toEqual({ alerts: 1, incidents: 1 });
    });
  });
});
