import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { fixedClock, startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';
import { TriageHarness, type AmAlert } from '../agents/support/triage-harness.js';

const TOKEN = 'silences-api-token-for-tests';
const pool: AmAlert = { labels: { alertname: 'PostgresTooManyConnections', service: 'orders', instance: 'orders-db-01:9187', severity: 'critical' }, summary: 'orders-db-01 at 98% of max_connections' };
const latency: AmAlert = { labels: { alertname: 'HighRequestLatency', service: 'orders', pod: 'orders-api-6f7c9-x2k4p', severity: 'critical' }, summary: 'orders p99 above 3 s' };

describe('the silences API', () => {
  let database: TestDatabase;
  let daemon: TestDaemon;
  let triage: TriageHarness;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Alerts already stored: an incident of two alerts on orders, an hour before the daemon's clock.
    triage = new TriageHarness(database.db);
    await triage.fire(60, pool);
    await triage.fire(90, latency);
    daemon = await startTestDaemon({ db: database.db, clock: fixedClock(triage.at(3600).toISOString()), env: { FIREBREAK_API_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await daemon?.close();
    await database?.drop();
  });

  const silence = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({ matchers: { service: '^orders$' }, endsAt: triage.at(7200).toISOString(), comment: 'database failover', createdBy: 'ana', ...overrides });

  describe('when the bearer token is missing or wrong', () => {
    it('answers 401 and adds nothing', async () => {
      expect((await daemon.post('/silences', silence())).status).toBe(401);
      expect((await daemon.post('/silences', silence(), { authorization: 'Bearer nope' })).status).toBe(401);
      const listed = await fetch(`${daemon.url}/silences`);
      expect(listed.status).toBe(401);
      expect(await database.db.query('SELECT id FROM silences')).toEqual([]);
    });
  });

  describe('when a field is wrong', () => {
    it('answers 400 naming it', async () => {
      const badRegex = await daemon.post('/silences', silence({ matchers: { alertname: 'Postgres(' } }), auth);
      expect(badRegex.status).toBe(400);
      expect(badRegex.json.message).toMatch(/^matchers\.alertname: invalid regex/);
      const noComment = await daemon.post('/silences', silence({ comment: '' }), auth);
      expect(noComment.status).toBe(400);
      expect(noComment.json.message).toMatch(/^comment: /);
      const unknown = await daemon.post('/silences', silence({ duration: '2h' }), auth);
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toContain('duration');
      const backwards = await daemon.post('/silences', silence({ startsAt: triage.at(9000).toISOString() }), auth);
      expect(backwards.status).toBe(400);
      expect(backwards.json.message).toMatch(/^endsAt: /);
    });
  });

  describe('when a dry run is asked for', () => {
    it('answers 200 with the stored alerts it would have matched, flagging those in incidents, and adds nothing', async () => {
      const response = await daemon.post('/silences', silence({ startsAt: triage.at(0).toISOString(), endsAt: triage.at(600).toISOString(), dryRun: true }), auth);
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ dryRun: true, examined: 2 });
      const matched = response.json.matched as Array<{ rule: string; incidentId: string | null }>;
      expect(matched.map((alert) => alert.rule)).toEqual(['PostgresTooManyConnections', 'HighRequestLatency']);
      expect(matched.every((alert) => alert.incidentId !== null)).toBe(true);
      expect(response.json.inIncidents).toHaveLength(2);
      expect(await database.db.query('SELECT id FROM silences')).toEqual([]);
    });
  });

  describe('when a valid silence is posted', () => {
    it('answers 201 with it, starting at the daemon clock, and GET /silences lists it', async () => {
      const response = await daemon.post('/silences', silence(), auth);
      expect(response.status).toBe(201);
      expect(response.json).toMatchObject({ matchers: { service: '^orders$' }, startsAt: triage.at(3600).toISOString(), endsAt: triage.at(7200).toISOString(), comment: 'database failover', createdBy: 'ana' });
      const listed = await fetch(`${daemon.url}/silences`, { headers: auth });
      expect(listed.status).toBe(200);
      const body = (await listed.json()) as { silences: Array<{ id: number }> };
      expect(body.silences.map((row) => row.id)).toEqual([response.json.id]);
    });
  });
});
