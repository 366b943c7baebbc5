import { describe, expect, it } from 'vitest';
import { checkSilence } from '../../src/silences/silence-input.js';
import { addSilence, listSilences, previewSilence } from '../../src/silences/silence-log.js';
import { STORE_KINDS } from '../support/databases.js';
import { useStore } from '../agents/support/stores.js';
import { TriageHarness, type AmAlert } from '../agents/support/triage-harness.js';

const pool: AmAlert = { labels: { alertname: 'PostgresTooManyConnections', app: 'orders', instance: 'orders-db-01:9187', severity: 'critical' }, summary: 'orders-db-01 at 98% of max_connections' };
const latency: AmAlert = { labels: { alertname: 'HighRequestLatency', app: 'orders', pod: 'orders-api-6f7c9-x2k4p', severity: 'critical' }, summary: 'orders p99 above 3 s' };
const other: AmAlert = { labels: { alertname: 'DiskLatencyHigh', service: 'builds', instance: 'runner-7:9100' }, summary: 'Disk latency on runner-7' };

describe('silences', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    const db = useStore(kind);

    describe('when a silence is added', () => {
      it('makes the noise filter suppress the alerts it matches as maintenance, and only those', async () => {
        const triage = new TriageHarness(db());
        const spec = checkSilence({ matchers: { service: '^orders$', alertname: '^Postgres' }, startsAt: triage.at(0).toISOString(), endsAt: triage.at(3600).toISOString(), comment: 'failover drill', createdBy: 'ana' }, triage.at(0));
        const added = await addSilence(db(), spec, triage.at(0));
        expect(added).toMatchObject({ matchers: { service: '^orders$', alertname: '^Postgres' }, comment: 'failover drill', createdBy: 'ana' });
        const silenced = await triage.fire(60, pool);
        const notSilenced = await triage.fire(90, other);
        expect((await triage.alert(silenced)).suppressed).toBe('maintenance');
        expect((await triage.alert(notSilenced)).suppressed).toBeNull();
      });
    });

    describe('when silences are listed', () => {
      it('shows current and planned ones, and those over only when asked for all', async () => {
        const triage = new TriageHarness(db());
        const window = (from: number, to: number) => checkSilence({ matchers: { service: 'x' }, startsAt: triage.at(from).toISOString(), endsAt: triage.at(to).toISOString(), comment: `${from}-${to}`, createdBy: 'ana', dryRun: true }, triage.at(0));
        for (const [from, to] of [[0, 600], [500, 7200], [3600, 9000]] as const) await addSilence(db(), window(from, to), triage.at(0));
        const now = triage.at(1000);
        expect((await listSilences(db(), now)).map((silence) => silence.comment)).toEqual(['500-7200', '3600-9000']);
        expect((await listSilences(db(), now, { all: true })).map((silence) => silence.comment)).toEqual(['0-600', '500-7200', '3600-9000']);
      });
    });

    describe('when a silence is tried with a dry run', () => {
      it('adds nothing and shows the stored alerts it would have matched, flagging those that belonged to incidents', async () => {
        const triage = new TriageHarness(db());
        const first = await triage.fire(60, pool);
        const second = await triage.fire(90, latency);
        await triage.fire(120, other);
        const late = await triage.fire(5000, { ...pool, labels: { ...pool.labels, instance: 'orders-db-02:9187' } });
        const incident = (await triage.alert(first)).incident_id;
        expect(incident).not.toBeNull();

        const spec = checkSilence({ matchers: { service: '^orders$' }, startsAt: triage.at(0).toISOString(), endsAt: triage.at(3600).toISOString(), comment: 'try', createdBy: 'ana', dryRun: true }, triage.at(6000));
        const preview = await previewSilence(db(), spec);
        expect(preview.examined).toBe(3);
        expect(preview.matched.map((alert) => alert.id)).toEqual([first, second]);
        expect(preview.matched.map((alert) => alert.id)).not.toContain(late);
        expect(preview.inIncidents.map((alert) => alert.incidentId)).toEqual([incident, incident]);
        expect(await listSilences(db(), triage.at(0), { all: true })).toEqual([]);
      });
    });
  });
});
