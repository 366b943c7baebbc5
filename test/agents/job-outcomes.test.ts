import { describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../support/databases.js';
import { useStore } from './support/stores.js';
import { TriageHarness, type AmAlert } from './support/triage-harness.js';

// What the worker logs for each alert of a job is the decision the pipeline reports; the harness checks every case
// against the store. These are the cases where one alert's decision changes another's within the same job.
const queueLag: AmAlert = { labels: { alertname: 'ConsumerLagHigh', service: 'billing', instance: 'billing-worker-1', severity: 'warning' } };
const billingDown: AmAlert = { labels: { alertname: 'ServiceDown', service: 'billing', instance: 'billing-api-1', severity: 'critical' } };

describe('the decisions a job reports for its alerts', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    const db = useStore(kind);

    it('leaves an alert pulled into an incident by a later alert of the same body to be read again', async () => {
      const triage = new TriageHarness(db());
      const [lag, down] = await triage.alertmanager(10, [queueLag, billingDown]);
      expect(down?.decision?.kind).toBe('incident');
      const stored = await triage.alert(lag!.alertId!);
      // The warning came first and alone was held; the critical alert right behind it opened an incident with it.
      expect(stored.incident_id).toBe(down?.decision?.kind === 'incident' ? down.decision.incidentId : 'none');
      // Its own decision no longer stands: it is left for whoever logs it to read.
      expect(lag).toEqual({ alertId: stored.id, outcome: 'new' });
    });

    it('reports each alert of a body its own decision when none changes another', async () => {
      const triage = new TriageHarness(db());
      const diskFull: AmAlert = { labels: { alertname: 'DiskAlmostFull', service: 'search', instance: 'search-data-3', severity: 'warning' } };
      const [lag, disk] = await triage.alertmanager(10, [queueLag, diskFull]);
      // Two lone warnings on two services: each held on its own, nothing read again.
      expect(lag?.decision?.kind).toBe('held');
      expect(disk?.decision?.kind).toBe('held');
    });
  });
});
