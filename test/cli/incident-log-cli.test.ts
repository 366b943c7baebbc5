import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/store/pglite-db.js';
import { migrate } from '../../src/store/migrate.js';

const BIN = join(process.cwd(), 'src/cli/bin.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `firebreak` executable against the temporary PGlite data folder. */
function firebreak(dataDir: string, ...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, FIREBREAK_DATA_DIR: dataDir, FIREBREAK_USER: 'cli-test', LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Reads the store between CLI runs (PGlite takes one process at a time). */
async function query<Row>(dataDir: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const db = await createPgliteDb(join(dataDir, 'pglite'));
  try {
    return await db.query<Row>(text, params);
  } finally {
    await db.close();
  }
}

// Each run starts node + tsx + PGlite (seconds on a busy machine), hence the long per-test timeout.
describe('the incident log CLI', { timeout: 120_000 }, () => {
  let dir: string;
  let dataDir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-cli-'));
    dataDir = join(dir, 'data');
    // Create and migrate the store once here, so each CLI run only opens it.
    const db = await createPgliteDb(join(dataDir, 'pglite'));
    await migrate(db);
    const [alert] = await db.query<{ id: number }>(
      `INSERT INTO alerts (source, fingerprint, rule, status, title, starts_at, first_received_at, last_received_at)
       VALUES ('alertmanager', 'fp-1', 'BlackboxProbeFailed', 'firing', 'Probe failed', now(), now(), now()) RETURNING id`,
    );
    writeFileSync(join(dir, 'alert-id'), String(alert?.id));
    await db.close();
    writeFileSync(
      join(dir, 'history.csv'),
      [
        'title,id,severity,detected_at,resolved_at,service,root_cause,countermeasures',
        '"Checkout 500s, after deploy",H-1,major,2024-03-01T10:00:00Z,2024-03-01T11:10:00Z,checkout,"Missing column\nin migration",Rolled back (worked)',
        'Search slow,H-2,critical,2024-03-05 09:00,,search,,',
        'No date at all,H-3,minor,,,api,,',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'verdicts.jsonl'), `${JSON.stringify({ at: '2024-03-01T00:00:00Z', source: 'alertmanager', labels: { alertname: 'DiskFull' }, title: 'Disk full', verdict: 'false_positive', by: 'ana' })}\n`);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a CSV history, reports the refused row on stderr and exits 1', async () => {
    const run = await firebreak(dataDir, 'import', 'history', join(dir, 'history.csv'));
    expect(run.stdout).toBe('2 imported, 0 updated, 0 unchanged, 1 refused\n');
    expect(run.stderr).toMatch(/^line 5: no date/m);
    expect(run.code).toBe(1);
    const again = await firebreak(dataDir, 'import', 'verdicts', join(dir, 'verdicts.jsonl'), '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 1, refused: 0 });
  });

  it('lists the log as a table and as JSON', async () => {
    const table = await firebreak(dataDir, 'incidents', '--severity', 'critical,major');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/H-2 .*critical.*search/);
    expect(table.stdout).toMatch(/H-1 .*major.*resolved.*1h 10m/);
    expect(table.stdout).toContain('2 incidents');
    const json = await firebreak(dataDir, 'incidents', '--json', '--open');
    expect(JSON.parse(json.stdout).map((incident: { id: string }) => incident.id)).toEqual(['H-2']);
  });

  it('updates an incident with a countermeasure in one go and shows the page', async () => {
    const update = await firebreak(dataDir, 'incident', 'update', 'H-2', '--severity', 'major', '--lead', 'bob', '--root-cause', 'GC pauses', '--countermeasure', 'Raised heap', '--worked', 'yes', '--by', 'bob');
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('severity: critical -> major');
    const show = await firebreak(dataDir, 'incident', 'show', 'H-2');
    expect(show.code).toBe(0);
    for (const heading of ['Times', 'What happened', 'Timeline', 'Linked alerts', 'Countermeasures (1)', 'Remediations', 'Similar past incidents']) {
      expect(show.stdout).toContain(heading);
    }
    expect(show.stdout).toMatch(/bob: severity: critical -> major/);
    expect(show.stdout).toMatch(/Root cause\s+GC pauses/);
    expect(show.stdout).toMatch(/Raised heap\s*│ yes/);
  });

  it('refuses bad input with one line naming the argument, exit 2, and changes nothing', async () => {
    const badSeverity = await firebreak(dataDir, 'incident', 'update', 'H-1', '--lead', 'mallory', '--severity', 'huge');
    expect(badSeverity.code).toBe(2);
    expect(badSeverity.stderr.trim().split('\n')).toHaveLength(1);
    expect(badSeverity.stderr).toMatch(/--severity/);
    const badDate = await firebreak(dataDir, 'incident', 'update', 'H-1', '--lead', 'mallory', '--countermeasure', 'x', '--countermeasure-at', 'soonish');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/^firebreak: --countermeasure-at: cannot read date/);
    const unknown = await firebreak(dataDir, 'incident', 'show', 'H-404');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/H-404 not found/);
    const [row] = await query<{ lead: string | null; n: number }>(dataDir, "SELECT lead, (SELECT count(*)::int FROM countermeasures WHERE incident_id = 'H-1') AS n FROM incidents WHERE id = 'H-1'");
    expect(row).toEqual({ lead: null, n: 1 });
  });

  it('records verdicts on an alert and on a rule', async () => {
    const alertId = (await import('node:fs')).readFileSync(join(dir, 'alert-id'), 'utf8');
    const onAlert = await firebreak(dataDir, 'verdict', alertId, 'false-positive', '--by', 'ana');
    expect(onAlert.code).toBe(0);
    expect(onAlert.stdout).toBe(`alert ${alertId} (rule BlackboxProbeFailed) marked false positive by ana\n`);
    const unknownVerdict = await firebreak(dataDir, 'verdict', 'DiskFull', 'maybe');
    expect(unknownVerdict.code).toBe(2);
    expect(unknownVerdict.stderr).toMatch(/VERDICT/);
    const rows = await query<{ rule: string; alert_id: number | null; verdict: string }>(dataDir, 'SELECT rule, alert_id, verdict FROM verdicts ORDER BY id');
    expect(rows).toEqual([
      { rule: 'DiskFull', alert_id: null, verdict: 'false_positive' },
      { rule: 'BlackboxProbeFailed', alert_id: Number(alertId), verdict: 'false_positive' },
    ]);
  });
});
