import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rankPlaybooks } from '../../agents/lib/playbook-match.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';

const run = promisify(execFile);

async function firebreak(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['src/cli/bin.mjs', ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe.concurrent('firebreak playbooks check', { timeout: 120_000 }, () => {
  describe('when the folder loads', () => {
    it("lists each playbook with its matchers and actions and exits 0 (the repository's own playbooks)", async () => {
      const result = await firebreak(['playbooks', 'check', 'playbooks']);
      expect(result.code).toBe(0);
      for (const id of ['db-connection-pool', 'bad-deploy-error-spike', 'disk-filling-up']) expect(result.stdout).toContain(id);
      expect(result.stdout).toContain('rollback-release (http, medium)');
      expect(result.stdout).toMatch(/3 playbook\(s\) in playbooks: OK/);
    });

    it('reads FIREBREAK_PLAYBOOKS_DIR when no folder is given, and prints JSON with --json', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'firebreak-check-'));
      writeFileSync(join(dir, 'one.yaml'), 'id: one\ntitle: One\nseverity: minor\ncategory: unknown\nmatch: [{ source: sentry }, { text: "(?i)boom" }]\n');
      const result = await firebreak(['playbooks', 'check', '--json'], { FIREBREAK_PLAYBOOKS_DIR: dir });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ dir, playbooks: [{ id: 'one', title: 'One', matchers: 2, actions: [] }] });
    });
  });

  describe('when a playbook does not load', () => {
    it('prints one line naming the file and key, and exits 2', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'firebreak-check-'));
      writeFileSync(join(dir, 'bad.yaml'), 'id: bad\ntitle: Bad\nseverity: minor\ncategory: unknown\nmatch: { text: "(unclosed" }\n');
      const result = await firebreak(['playbooks', 'check', dir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(join(dir, 'bad.yaml'));
      expect(result.stderr).toContain('match.0.text');
    });

    it('exits 2 for a folder that does not exist', async () => {
      const result = await firebreak(['playbooks', 'check', join(tmpdir(), 'firebreak-no-such-playbooks')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no such folder');
    });
  });
});

describe("the repository's playbooks", () => {
  const playbooks = loadPlaybooks('playbooks');
  const alert = (source: string, labels: Record<string, string>, title: string) => ({ source, service: 'orders', labels, title, message: '' });

  it('pick the playbook a human would for common alerts', () => {
    const first = (a: ReturnType<typeof alert>) => rankPlaybooks(playbooks, [a], [])[0]?.id;
    expect(first(alert('alertmanager', { alertname: 'NodeFilesystemAlmostOutOfSpace' }, 'Filesystem has less than 5% space left'))).toBe('disk-filling-up');
    expect(first(alert('alertmanager', { alertname: 'KubePersistentVolumeFillingUp' }, 'PersistentVolume is filling up'))).toBe('disk-filling-up');
    expect(first(alert('alertmanager', { alertname: 'PostgresqlTooManyConnections' }, 'Postgres too many connections'))).toBe('db-connection-pool');
    expect(first(alert('sentry', {}, 'OperationalError: FATAL: remaining connection slots are reserved'))).toBe('db-connection-pool');
    expect(first(alert('sentry', {}, "TypeError: Cannot read properties of undefined (reading 'id')"))).toBe('bad-deploy-error-spike');
    expect(first(alert('alertmanager', { alertname: 'HTTP5xxRateHigh' }, '5xx ratio above 5%'))).toBe('bad-deploy-error-spike');
    expect(first(alert('alertmanager', { alertname: 'KubePodCrashLooping' }, 'Pod is crash looping'))).toBeUndefined();
  });
});
