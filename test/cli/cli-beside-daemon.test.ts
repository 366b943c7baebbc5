import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_FILE } from '../../src/store/embedded/store-owner.js';
import { serveProcess, eventually, type ServeProcess } from '../faults/support/serve-process.js';
import { fixtureBytes } from '../http/support/fixtures.js';
import { TEST_REDIS_URL } from '../support/databases.js';
import { runFirebreak } from '../support/run-firebreak.js';

const SENTRY_SECRET = 'beside-daemon-sentry-secret';
const UI_TOKEN = 'beside-daemon-ui-token-0123456789';

/** The real `firebreak` executable, in its own process, on the same data folder as the daemon. */
const firebreak = (dataDir: string, ...args: string[]) => runFirebreak(args, { FIREBREAK_DATA_DIR: dataDir, DATABASE_URL: '', SLACK_APPROVERS: 'alice' });

/**
 * `npm start` keeps the embedded store open in the daemon; CLI commands run beside it. Each CLI run starts node,
 * tsx and a connection (seconds on a busy machine), hence the long timeouts.
 */
describe('CLI commands while the daemon holds the embedded store', { timeout: 180_000 }, () => {
  let dir: string;
  let dataDir: string;
  let daemon: ServeProcess;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-beside-'));
    dataDir = join(dir, 'data');
    const playbooksDir = join(dir, 'playbooks');
    mkdirSync(playbooksDir);
    writeFileSync(
      join(playbooksDir, 'sentry.yaml'),
      ['id: sentry-errors', 'title: Application errors', 'severity: major', 'category: application-bug', 'match:', '  source: sentry',
        'actions:', '  - id: note', '    title: Record a note', '    kind: noop', '    risk: low'].join('\n'),
    );
    const env: Record<string, string> = {
      FIREBREAK_DATA_DIR: dataDir,
      DATABASE_URL: '',
      FIREBREAK_PLAYBOOKS_DIR: playbooksDir,
      REDIS_URL: TEST_REDIS_URL,
      FIREBREAK_REQUIRE_NOEVICTION: 'false',
      SENTRY_CLIENT_SECRET: SENTRY_SECRET,
      FIREBREAK_UI_TOKEN: UI_TOKEN,
    };
    daemon = serveProcess('all', env);
    url = await daemon.ready;
  }, 120_000);

  afterAll(async () => {
    await daemon?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records where it serves the store, in the data folder', () => {
    const owner = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as { pid: number; role: string; url: string };
    expect(owner).toMatchObject({ pid: daemon.child.pid, role: 'daemon' });
    expect(owner.url).toContain(encodeURIComponent(dataDir));
    expect(existsSync(join(dataDir, '.s.PGSQL.5432'))).toBe(true);
  });

  it('reads what the daemon triaged, and the daemon sees what the CLI approved and wrote', async () => {
    const bytes = fixtureBytes('sentry/issue.created.docs.json');
    const posted = await fetch(`${url}/webhooks/sentry`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Request-ID': randomBytes(16).toString('hex'),
        'Sentry-Hook-Resource': 'issue',
        'Sentry-Hook-Timestamp': String(Math.floor(Date.now() / 1000)),
        'Sentry-Hook-Signature': createHmac('sha256', SENTRY_SECRET).update(bytes).digest('hex'),
      },
      body: bytes,
    });
    expect(posted.status).toBe(202);

    const runs = await eventually(async () => {
      const listed = await firebreak(dataDir, 'proposals', '--json');
      expect(listed.stderr).toBe('');
      const found = JSON.parse(listed.stdout) as Array<{ id: string; incidentId: string; title: string; status: string }>;
      return found.length > 0 ? found : undefined;
    }, 'the daemon to open an incident and propose its playbook action, read by the CLI', 120_000);
    expect(runs).toEqual([expect.objectContaining({ title: 'Record a note', status: 'proposed' })]);
    const [run] = runs;

    const incidents = await firebreak(dataDir, 'incidents', '--json');
    expect(incidents.code).toBe(0);
    expect(JSON.parse(incidents.stdout)).toEqual([expect.objectContaining({ id: run!.incidentId, status: 'open' })]);

    const approved = await firebreak(dataDir, 'approve', run!.id, '--as', 'alice');
    expect(approved.stderr).toBe('');
    expect(approved.stdout).toContain(`${run!.id} approved by alice: succeeded`);
    const updated = await firebreak(dataDir, 'incident', 'update', run!.incidentId, '--lead', 'carol', '--by', 'alice');
    expect(updated.code).toBe(0);

    const page = await fetch(`${url}/ui/incidents/${run!.incidentId}`, { headers: { authorization: `Bearer ${UI_TOKEN}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('carol');
    expect(html).toMatch(/Record a note[\s\S]*succeeded/);
  });

  it('keeps a second daemon off the folder, naming the one that holds it', async () => {
    const second = serveProcess('all', { FIREBREAK_DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: TEST_REDIS_URL, FIREBREAK_REQUIRE_NOEVICTION: 'false' });
    await expect(second.ready).rejects.toThrow(/FB_ERR_STORE_BUSY|held by a firebreak daemon/);
    expect(second.rawLines.join('\n')).toContain(`held by a firebreak daemon (pid ${daemon.child.pid})`);
  });

  it('opens the folder itself once the daemon has stopped, and finds what was written', async () => {
    const record = readFileSync(join(dataDir, OWNER_FILE), 'utf8');
    expect(await daemon.stop()).toBe(0);
    expect(existsSync(join(dataDir, OWNER_FILE))).toBe(false);
    // What a daemon killed with -9 leaves behind: its record, naming a process that is gone.
    writeFileSync(join(dataDir, OWNER_FILE), record);
    const shown = await firebreak(dataDir, 'incidents', '--json');
    expect(shown.stderr).toBe('');
    expect(JSON.parse(shown.stdout)).toEqual([expect.objectContaining({ lead: 'carol' })]);
    expect(existsSync(join(dataDir, OWNER_FILE))).toBe(false);
  });
});
