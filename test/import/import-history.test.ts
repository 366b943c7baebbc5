import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHistory } from '../../src/import/import-history.js';
import { IncidentRepository } from '../../src/store/incident-log/incident-repository.js';
import { STORE_KINDS, createTestDatabase, type TestDatabase } from '../support/databases.js';

const clock = { now: () => new Date('2024-06-01T00:00:00Z') };

function historyRow(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Checkout errors ${id}`,
    service: 'checkout',
    severity: 'major',
    status: 'resolved',
    impact_started_at: '2023-03-28T15:13:00Z',
    detected_at: '2023-03-28T15:14:00Z',
    resolved_at: '2023-03-28T16:27:00Z',
    symptom: 'Error rate jumped',
    impact: 'Customers hit errors',
    root_cause: 'Migration ran after the rollout',
    category: 'deployment',
    countermeasures: [{ at: '2023-03-28T15:36:52Z', action: 'Rolled back', worked: true }],
    remediations: [{ title: 'Run migrations before rollout', owner: 'team-platform', due: '2023-04-27', status: 'done' }],
    playbook: null,
    tags: ['checkout', 'deploy'],
    ...overrides,
  };
}

describe.each(STORE_KINDS)('history import on %s', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let log: IncidentRepository;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    log = new IncidentRepository(database.db);
    dir = mkdtempSync(join(tmpdir(), 'firebreak-import-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  describe('a JSONL history', () => {
    it('imports incidents with their ids, countermeasures and remediations', async () => {
      const file = write('a.jsonl', [historyRow('A-1'), historyRow('A-2', { severity: 'critical' })].map((row) => JSON.stringify(row)).join('\n'));
      const summary = await importHistory(database.db, file, { clock });
      expect(summary).toMatchObject({ rows: 2, imported: 2, updated: 0, unchanged: 0, refused: 0 });
      const page = await log.getIncidentPage('A-1');
      expect(page.incident).toMatchObject({ origin: 'imported', severity: 'major', status: 'resolved', rootCause: 'Migration ran after the rollout', category: 'deployment', tags: ['checkout', 'deploy'] });
      expect(page.countermeasures).toEqual([expect.objectContaining({ action: 'Rolled back', worked: true, at: '2023-03-28T15:36:52.000Z' })]);
      expect(page.remediations).toEqual([expect.objectContaining({ title: 'Run migrations before rollout', owner: 'team-platform', due: '2023-04-27', status: 'done' })]);
      expect(page.timeline.map((entry) => entry.kind)).toEqual(['imported']);
    });

    it('changes nothing when the same file is imported again, and updates a changed row', async () => {
      const rows = [historyRow('B-1'), historyRow('B-2')];
      const file = write('b.jsonl', rows.map((row) => JSON.stringify(row)).join('\n'));
      await importHistory(database.db, file, { clock });
      await log.addCountermeasure('B-2', { action: 'Added by a person later' }, 'ana');
      expect(await importHistory(database.db, file, { clock })).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
      const changed = write('b2.jsonl', [rows[0], historyRow('B-2', { severity: 'critical', countermeasures: [{ at: '2023-03-28T15:40:00Z', action: 'Scaled out', worked: false }] })].map((row) => JSON.stringify(row)).join('\n'));
      expect(await importHistory(database.db, changed, { clock })).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
      const page = await log.getIncidentPage('B-2');
      expect(page.incident.severity).toBe('critical');
      expect(page.countermeasures.map((c) => c.action).sort()).toEqual(['Added by a person later', 'Scaled out']);
      expect(page.remediations).toHaveLength(1);
    });

    it('refuses unreadable rows with line and reason and imports the rest', async () => {
      const lines = [
        JSON.stringify(historyRow('C-1')),
        '{"id": "C-2", "title": "broken json"',
        JSON.stringify(historyRow('C-3', { title: '' })),
        JSON.stringify(historyRow('C-4', { impact_started_at: null, detected_at: null, resolved_at: null })),
        JSON.stringify(historyRow('C-5', { detected_at: 'last tuesday-ish' })),
        JSON.stringify(historyRow('C-6', { severity: 'apocalyptic' })),
        JSON.stringify(historyRow('C-1', { title: 'same id again' })),
        '',
        JSON.stringify(historyRow('C-7', { impact_started_at: '28.03.2023 15:13', detected_at: 'March 28, 2023 3:14 PM', resolved_at: '2023-03-28 16:27' })),
        '[1, 2]',
      ];
      const summary = await importHistory(database.db, write('c.jsonl', lines.join('\n')), { clock });
      expect(summary).toMatchObject({ rows: 9, imported: 2, refused: 7 });
      expect(summary.refusals.map((refusal) => refusal.line)).toEqual([2, 3, 4, 5, 6, 7, 10]);
      const reasons = summary.refusals.map((refusal) => refusal.reason);
      expect(reasons[0]).toMatch(/invalid JSON/);
      expect(reasons[1]).toBe('title: missing');
      expect(reasons[2]).toMatch(/^no date/);
      expect(reasons[3]).toMatch(/^detected_at: cannot read date/);
      expect(reasons[4]).toMatch(/^severity: /);
      expect(reasons[5]).toBe('duplicate id C-1 (first on line 1)');
      expect((await log.getIncident('C-1'))?.title).toBe('Checkout errors C-1');
      expect(await log.getIncident('C-7')).toMatchObject({ impactStartedAt: '2023-03-28T15:13:00.000Z', detectedAt: '2023-03-28T15:14:00.000Z', resolvedAt: '2023-03-28T16:27:00.000Z' });
    });

    it('gives a row without id a stable id, and never overwrites an incident Firebreak opened', async () => {
      const opened = await log.createIncident({ title: 'Live one' }, 'ana');
      const rows = [{ title: 'No id here', detected_at: '2023-01-02' }, historyRow(opened, { title: 'From history' })];
      const first = await importHistory(database.db, rows, { clock });
      expect(first).toMatchObject({ imported: 1, refused: 1 });
      expect(first.refusals[0]?.reason).toMatch(new RegExp(`^id ${opened} belongs to an incident Firebreak opened`));
      expect((await log.getIncident(opened))?.title).toBe('Live one');
      expect(await importHistory(database.db, rows.slice(0, 1), { clock })).toMatchObject({ unchanged: 1 });
    });

    it('moves the incident number past imported INC- ids', async () => {
      await importHistory(database.db, [historyRow('INC-0500')], { clock });
      const next = await log.createIncident({ title: 'After import' }, 'ana');
      expect(Number(next.slice(4))).toBeGreaterThan(500);
    });
  });

  describe('a CSV history', () => {
    it('reads quoted fields, embedded newlines, any column order and text lists', async () => {
      const csv = [
        'Detected At,Title,ID,Severity,Status,Service,Root Cause,Category,Countermeasures,Remediations,Tags',
        '2023-05-01T10:00:00Z,"Search down, again",S-1,Critical,Resolved,search,"Disk full on es-2\nwatermark hit",Infra,"2023-05-01T10:20:00Z Deleted old indices (worked)\nRestarted es-2 (did not work)","Alert on disk at 75% (owner: ana, due: 2023-06-01, status: in progress)",search; es',
        '05/02/2023 11:00,"He said ""it\'s fine""",S-2,sev2,closed,api,,bug,,,',
      ].join('\r\n');
      const summary = await importHistory(database.db, write('d.csv', csv), { clock });
      expect(summary).toMatchObject({ imported: 2, refused: 0 });
      const page = await log.getIncidentPage('S-1');
      expect(page.incident).toMatchObject({ title: 'Search down, again', severity: 'critical', status: 'resolved', category: 'infrastructure', rootCause: 'Disk full on es-2\nwatermark hit', tags: ['search', 'es'] });
      expect(page.countermeasures).toEqual([
        expect.objectContaining({ at: '2023-05-01T10:00:00.000Z', action: 'Restarted es-2', worked: false }),
        expect.objectContaining({ at: '2023-05-01T10:20:00.000Z', action: 'Deleted old indices', worked: true }),
      ]);
      expect(page.remediations).toEqual([expect.objectContaining({ title: 'Alert on disk at 75%', owner: 'ana', due: '2023-06-01', status: 'in_progress' })]);
      expect(await log.getIncident('S-2')).toMatchObject({ title: 'He said "it\'s fine"', severity: 'major', status: 'resolved', category: 'application-bug' });
    });

    it('reports a row with broken quoting and imports the rows after it', async () => {
      const csv = ['id,title,detected_at', 'Q-1,ok,2019-01-01', 'Q-2,"left open,2019-01-02', 'Q-3,after,2019-01-03', 'Q-4,"a "quoted" word",2019-01-04', 'Q-5,"never closed,2019-01-05', 'Q-6,last,2019-01-06'].join('\n');
      const summary = await importHistory(database.db, write('e.csv', csv), { clock });
      expect(summary.refusals.map((refusal) => refusal.line)).toEqual([3, 6]);
      expect(summary.imported).toBe(4);
      expect((await log.listIncidents({ since: '2019-01-01', until: '2019-01-07' })).map((i) => i.id).sort()).toEqual(['Q-1', 'Q-3', 'Q-4', 'Q-6']);
    });
  });

  describe('a 50 MB history', () => {
    it('imports every row', async () => {
      const file = join(dir, 'big.jsonl');
      const out = createWriteStream(file);
      let rows = 0;
      let bytes = 0;
      while (bytes < 50 * 1024 * 1024) {
        const line = `${JSON.stringify(historyRow(`BIG-${rows}`, { impact: `Customers on shard ${rows} saw errors at checkout. `.repeat(25), detected_at: new Date(Date.UTC(2022, 0, 1) + rows * 60_000).toISOString() }))}\n`;
        if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        bytes += Buffer.byteLength(line);
        rows += 1;
      }
      await new Promise<void>((resolve) => out.end(() => resolve()));
      const progress: number[] = [];
      const summary = await importHistory(database.db, file, { clock, batchSize: 1000, onProgress: (done) => progress.push(done) });
      expect(summary).toMatchObject({ rows, imported: rows, refused: 0 });
      expect(progress.at(-1)).toBe(bytes);
      const [count] = await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM incidents WHERE id LIKE 'BIG-%'");
      expect(count?.n).toBe(rows);
    }, 120_000);
  });

  describe('two imports of one file at once', () => {
    it('import each incident once', async () => {
      const rows = Array.from({ length: 300 }, (_, n) => historyRow(`P-${n}`));
      const [a, b] = await Promise.all([importHistory(database.db, rows, { clock, batchSize: 50 }), importHistory(database.db, rows, { clock, batchSize: 50 })]);
      expect(a.imported + b.imported).toBe(300);
      expect(a.unchanged + b.unchanged).toBe(300);
      const [count] = await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM countermeasures WHERE incident_id LIKE 'P-%'");
      expect(count?.n).toBe(300);
    });
  });
});
