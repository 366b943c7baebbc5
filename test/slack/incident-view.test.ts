import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIncidentView } from '../../src/slack/incident-view.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { insertAlert, insertIncident } from './support/incidents.js';

describe('the incident view read for the message', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await test.drop();
  });

  it('reads the evidence the triage writes, the similar incidents with their root causes and the recent changes', async () => {
    await insertIncident(test.db, { id: 'OLD-7', title: 'Pool exhausted after deploy', rootCause: 'max_connections too low', status: 'resolved', at: '2025-12-01T10:00:00.000Z' });
    await insertIncident(test.db, {
      id: 'INC-0001',
      playbookId: 'db-pool',
      playbooks: [{ id: 'db-pool', score: 3, why: 'log matched' }],
      similar: [{ id: 'OLD-7', score: 0.8, why: 'same service' }, { id: 'MISSING', score: 0.5 }],
      evidence: {
        symptom: 'HTTP 500',
        suspectedCause: 'Suspected: deploy checkout v2 18 min before',
        changes: [{ kind: 'deploy', service: 'checkout', version: 'v2', at: '2026-03-02T09:42:00.000Z', score: 0.9, why: '18 min before' }],
        logs: [{ at: '2026-03-02T09:59:00.000Z', source: 'file', service: 'checkout', line: 'FATAL: remaining connection slots are reserved' }],
        checklist: ['What changed?', 'Postgres dashboard'],
        communication: 'deployment-error',
      },
    });
    await insertAlert(test.db, { incidentId: 'INC-0001', fingerprint: 'a', at: '2026-03-02T09:58:00.000Z' });
    await insertAlert(test.db, { incidentId: 'INC-0001', fingerprint: 'b', status: 'resolved', at: '2026-03-02T09:59:00.000Z' });
    await test.db.query("INSERT INTO change_events (dedupe_key, service, kind, version, at, received_at) VALUES ('d1', 'checkout', 'deploy', 'v2', '2026-03-02T09:42:00Z', now())");
    const view = await loadIncidentView(test.db, 'INC-0001');
    expect(view).toMatchObject({
      alerts: { total: 2, firing: 1 },
      firstAlertAt: '2026-03-02T09:58:00.000Z',
      suspectChange: 'Suspected: deploy checkout v2 18 min before',
      logLines: ['2026-03-02T09:59:00.000Z FATAL: remaining connection slots are reserved'],
      playbook: { id: 'db-pool', why: 'log matched' },
      checklist: ['What changed?', 'Postgres dashboard'],
      communication: 'deployment-error',
      similar: [{ id: 'OLD-7', title: 'Pool exhausted after deploy', rootCause: 'max_connections too low', why: 'same service' }],
    });
    expect(view?.changes.map((change) => [change.kind, change.version])).toEqual([['deploy', 'v2']]);
    expect(await loadIncidentView(test.db, 'NOPE')).toBeNull();
  });
});
