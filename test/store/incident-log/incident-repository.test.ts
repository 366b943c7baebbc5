import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFirebreakError } from '../../../src/errors/catalogue.js';
import { IncidentRepository } from '../../../src/store/incident-log/incident-repository.js';
import { STORE_KINDS, createTestDatabase, type TestDatabase } from '../../support/databases.js';

class TestClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
}

async function insertAlert(database: TestDatabase, incidentId: string | null, rule: string): Promise<number> {
  const [row] = await database.db.query<{ id: number }>(
    `INSERT INTO alerts (source, fingerprint, rule, status, title, labels, starts_at, first_received_at, last_received_at, incident_id)
     VALUES ('alertmanager', $1, $2, 'firing', $2, $3, now(), now(), now(), $4) RETURNING id`,
    [`fp-${Math.random()}`, rule, JSON.stringify({ alertname: rule }), incidentId],
  );
  return row!.id;
}

describe.each(STORE_KINDS)('incident repository on %s', (kind) => {
  let database: TestDatabase;
  let clock: TestClock;
  let log: IncidentRepository;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    clock = new TestClock(new Date('2024-05-01T10:00:00Z'));
    log = new IncidentRepository(database.db, clock);
  });
  afterAll(async () => {
    await database.drop();
  });

  describe('when an incident is declared', () => {
    it('gets the next INC- number and an opened timeline entry', async () => {
      const first = await log.createIncident({ title: 'Checkout 500s', service: 'checkout', severity: 'major' }, 'ana');
      const second = await log.createIncident({ title: 'Search slow', service: 'search' }, 'ana');
      expect(first).toMatch(/^INC-\d{4}$/);
      expect(Number(second.slice(4))).toBe(Number(first.slice(4)) + 1);
      const page = await log.getIncidentPage(first);
      expect(page.incident).toMatchObject({ id: first, origin: 'declared', severity: 'major', status: 'open', detectedAt: '2024-05-01T10:00:00.000Z' });
      expect(page.timeline.map((entry) => entry.kind)).toEqual(['opened']);
    });

    it('skips a number an imported incident already holds', async () => {
      const [row] = await database.db.query<{ n: number }>("SELECT last_value::int AS n FROM incident_number_seq");
      const taken = `INC-${String(row!.n + 1).padStart(4, '0')}`;
      await database.db.query("INSERT INTO incidents (id, origin, title) VALUES ($1, 'imported', 'old one')", [taken]);
      const id = await log.createIncident({ title: 'New one' }, 'ana');
      expect(id).not.toBe(taken);
      expect((await log.getIncident(taken))?.title).toBe('old one');
    });
  });

  describe('when a person updates an incident', () => {
    it('writes each changed field and one timeline entry per field with who and when', async () => {
      const id = await log.createIncident({ title: 'DB pool exhausted', service: 'api' }, 'ana');
      clock.current = new Date('2024-05-01T10:05:00Z');
      const changes = await log.updateIncident(id, { severity: 'critical', lead: 'bob', rootCause: 'pool too small', category: 'infrastructure', impactStartedAt: '2024-05-01 09:50' }, 'bob');
      expect(changes.map((change) => change.field).sort()).toEqual(['category', 'impactStartedAt', 'lead', 'rootCause', 'severity']);
      const page = await log.getIncidentPage(id);
      expect(page.incident).toMatchObject({ severity: 'critical', lead: 'bob', rootCause: 'pool too small', category: 'infrastructure', impactStartedAt: '2024-05-01T09:50:00.000Z' });
      const fieldEntries = page.timeline.filter((entry) => entry.kind === 'field-changed');
      expect(fieldEntries).toHaveLength(5);
      expect(fieldEntries.every((entry) => entry.actor === 'bob' && entry.at === '2024-05-01T10:05:00.000Z')).toBe(true);
      expect(fieldEntries.map((entry) => entry.summary)).toContain('severity: minor -> critical');
    });

    it('records nothing when no value changes', async () => {
      const id = await log.createIncident({ title: 'Same', severity: 'major' }, 'ana');
      expect(await log.updateIncident(id, { severity: 'major' }, 'ana')).toEqual([]);
      expect((await log.getIncidentPage(id)).timeline).toHaveLength(1);
    });

    it('fills the resolution time when the status becomes resolved', async () => {
      const id = await log.createIncident({ title: 'Resolve me' }, 'ana');
      clock.current = new Date('2024-05-01T11:00:00Z');
      await log.updateIncident(id, { status: 'resolved' }, 'ana');
      expect((await log.getIncident(id))?.resolvedAt).toBe('2024-05-01T11:00:00.000Z');
    });

    it('refuses an unknown id with FB_ERR_NOT_FOUND', async () => {
      await expect(log.updateIncident('INC-9999', { severity: 'major' }, 'ana')).rejects.toSatisfy((error) => isFirebreakError(error, 'FB_ERR_NOT_FOUND'));
    });

    it('refuses a bad value naming the field and changes nothing', async () => {
      const id = await log.createIncident({ title: 'Bad input' }, 'ana');
      for (const patch of [{ lead: 'x', severity: 'huge' }, { lead: 'x', detectedAt: 'not a date' }, { lead: 'x', colour: 'red' }]) {
        const error = await log.updateIncident(id, patch, 'ana').catch((caught: unknown) => caught);
        expect(isFirebreakError(error, 'FB_ERR_BAD_ARGUMENT')).toBe(true);
        expect((error as Error).message).toMatch(/^(severity|detectedAt|patch): /);
      }
      const page = await log.getIncidentPage(id);
      expect(page.incident.lead).toBeNull();
      expect(page.timeline).toHaveLength(1);
    });
  });

  describe('when countermeasures and remediations are recorded', () => {
    it('shows them on the page with timeline entries, and completes and verifies a remediation', async () => {
      const id = await log.createIncident({ title: 'Queue backlog' }, 'ana');
      const countermeasure = await log.addCountermeasure(id, { action: 'Scaled workers to 8', at: '2024-05-01T10:10:00Z' }, 'ana');
      await log.setCountermeasureWorked(countermeasure.id, true, 'ana');
      const remediation = await log.addRemediation(id, { title: 'Autoscale workers', owner: 'team-platform', due: '2024-06-01' }, 'ana');
      expect(remediation).toMatchObject({ status: 'open', due: '2024-06-01', verified: false });
      await log.completeRemediation(remediation.id, 'carol');
      const verified = await log.verifyRemediation(remediation.id, 'dave');
      expect(verified).toMatchObject({ status: 'done', verified: true, verifiedBy: 'dave', doneBy: 'carol' });
      const page = await log.getIncidentPage(id);
      expect(page.countermeasures).toEqual([expect.objectContaining({ action: 'Scaled workers to 8', worked: true, by: 'ana', at: '2024-05-01T10:10:00.000Z' })]);
      expect(page.remediations).toHaveLength(1);
      expect(page.timeline.filter((entry) => entry.kind === 'remediation').map((entry) => entry.actor)).toEqual(['ana', 'carol', 'dave']);
      expect(await log.listOpenRemediations()).not.toContainEqual(expect.objectContaining({ id: remediation.id }));
    });

    it('refuses them on an unknown incident', async () => {
      await expect(log.addCountermeasure('NOPE-1', { action: 'x' }, 'ana')).rejects.toSatisfy((error) => isFirebreakError(error, 'FB_ERR_NOT_FOUND'));
      await expect(log.addRemediation('NOPE-1', { title: 'x' }, 'ana')).rejects.toSatisfy((error) => isFirebreakError(error, 'FB_ERR_NOT_FOUND'));
      await expect(log.updateRemediation(987654, { status: 'done' }, 'ana')).rejects.toSatisfy((error) => isFirebreakError(error, 'FB_ERR_NOT_FOUND'));
    });
  });

  describe('the log', () => {
    it('filters by open, service, severity and start date, newest first', async () => {
      const old = await log.createIncident({ title: 'Old payments outage', service: 'payments', severity: 'critical', detectedAt: '2020-01-01T00:00:00Z' }, 'ana');
      const recent = await log.createIncident({ title: 'Recent payments blip', service: 'payments', severity: 'minor', detectedAt: '2024-04-30T00:00:00Z' }, 'ana');
      await log.updateIncident(old, { status: 'resolved' }, 'ana');
      expect((await log.listIncidents({ service: 'payments' })).map((i) => i.id)).toEqual([recent, old]);
      expect((await log.listIncidents({ service: 'payments', open: true })).map((i) => i.id)).toEqual([recent]);
      expect((await log.listIncidents({ service: 'payments', severity: ['critical'] })).map((i) => i.id)).toEqual([old]);
      expect((await log.listIncidents({ service: 'payments', since: '2021-01-01' })).map((i) => i.id)).toEqual([recent]);
      expect(await log.listIncidents({ service: 'payments', limit: 1 })).toHaveLength(1);
      await expect(log.listIncidents({ since: 'someday' })).rejects.toThrow(/^since: /);
    });

    it('shows linked alerts and similar past incidents', async () => {
      const past = await log.createIncident({ title: 'Elasticsearch disk watermark reached', service: 'search', detectedAt: '2023-01-01T00:00:00Z' }, 'ana');
      const now = await log.createIncident({ title: 'Elasticsearch disk watermark high', service: 'search' }, 'ana');
      await insertAlert(database, now, 'ElasticsearchDiskWatermark');
      const page = await log.getIncidentPage(now);
      expect(page.alerts).toEqual([expect.objectContaining({ rule: 'ElasticsearchDiskWatermark', status: 'firing' })]);
      expect(page.similar[0]).toMatchObject({ id: past, foundBy: 'text' });
      await database.db.query('UPDATE incidents SET similar_incidents = $2 WHERE id = $1', [now, JSON.stringify([{ id: past, score: 0.9, why: 'same disk' }])]);
      expect((await log.getIncidentPage(now)).similar).toEqual([expect.objectContaining({ id: past, score: 0.9, why: 'same disk', foundBy: 'triage' })]);
    });
  });

  describe('verdicts', () => {
    it('records a verdict on an alert under its rule, once per alert', async () => {
      const incident = await log.createIncident({ title: 'Flappy' }, 'ana');
      const alertId = await insertAlert(database, incident, 'BlackboxProbeFailed');
      const first = await log.recordVerdict({ alertId }, 'false_positive', 'ana');
      expect(first).toMatchObject({ rule: 'BlackboxProbeFailed', alertId, verdict: 'false_positive', changed: true });
      expect((await log.recordVerdict({ alertId }, 'false_positive', 'ana')).changed).toBe(false);
      await log.recordVerdict({ alertId }, 'true_positive', 'bob');
      const rows = await database.db.query<{ verdict: string }>('SELECT verdict FROM verdicts WHERE alert_id = $1', [alertId]);
      expect(rows).toEqual([{ verdict: 'true_positive' }]);
      expect((await log.getIncidentPage(incident)).timeline.filter((entry) => entry.kind === 'verdict')).toHaveLength(2);
    });

    it('records a verdict on a rule key, and refuses an unknown alert', async () => {
      expect(await log.recordVerdict({ rule: 'DiskFull' }, 'true_positive', null)).toMatchObject({ rule: 'DiskFull', alertId: null });
      await expect(log.recordVerdict({ alertId: 99999999 }, 'true_positive', null)).rejects.toSatisfy((error) => isFirebreakError(error, 'FB_ERR_NOT_FOUND'));
    });
  });

  describe('change events', () => {
    it('records a change once however often it is posted', async () => {
      const change = { service: 'checkout', kind: 'deploy', version: '4.6.2', environment: 'production', at: '2024-05-01T09:00:00Z', author: 'ci' };
      const first = await log.recordChangeEvent(change);
      const again = await log.recordChangeEvent(change);
      expect(first.created).toBe(true);
      expect(again).toEqual({ id: first.id, created: false });
      const listed = await log.listChangeEvents(new Date('2024-05-01T00:00:00Z'), new Date('2024-05-02T00:00:00Z'), 'checkout');
      expect(listed).toEqual([expect.objectContaining({ version: '4.6.2', kind: 'deploy' })]);
      await expect(log.recordChangeEvent({ ...change, kind: 'party' })).rejects.toThrow(/^kind: /);
    });
  });

  describe('with concurrent writers', () => {
    it('loses no update when several people change one incident at once', async () => {
      const id = await log.createIncident({ title: 'Busy incident' }, 'ana');
      await Promise.all([
        log.updateIncident(id, { severity: 'major' }, 'a'),
        log.updateIncident(id, { lead: 'bob' }, 'b'),
        log.updateIncident(id, { symptom: 'slow pages' }, 'c'),
        log.updateIncident(id, { status: 'mitigated' }, 'd'),
        ...Array.from({ length: 10 }, (_, n) => log.addCountermeasure(id, { action: `step ${n}` }, 'e')),
      ]);
      const page = await log.getIncidentPage(id);
      expect(page.incident).toMatchObject({ severity: 'major', lead: 'bob', symptom: 'slow pages', status: 'mitigated' });
      expect(page.countermeasures).toHaveLength(10);
      expect(page.timeline.filter((entry) => entry.kind === 'field-changed')).toHaveLength(5);
    });

    it('records a redelivered change event once when both arrive together', async () => {
      const change = { service: 'api', kind: 'hotfix', version: '1.0.1', at: '2024-05-01T09:30:00Z' };
      const results = await Promise.all(Array.from({ length: 6 }, () => log.recordChangeEvent(change)));
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.id)).size).toBe(1);
    });
  });
});
