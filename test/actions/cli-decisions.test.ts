import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook.js';
import { createProposalRecorder } from '../../src/actions/propose-actions.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentLogger } from './support.js';

const run = promisify(execFile);

describe('deciding on actions from the CLI, without Slack', () => {
  let test: TestDatabase;
  const cli = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['src/cli/bin.mjs', ...args], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: test.location, SLACK_APPROVERS: 'alice,bob', LOG_LEVEL: 'silent' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await test.drop();
  });

  it('declares an incident, lists its proposals, and approves and rejects with the same rules as Slack', async () => {
    const opened = await cli('incident', 'open', 'Checkout is down', '--severity', 'critical', '--service', 'checkout', '--by', 'alice', '--json');
    expect(opened.code).toBe(0);
    const { id } = JSON.parse(opened.stdout) as { id: string };
    expect(id).toMatch(/^INC-\d{4}$/);
    const [incident] = await test.db.query<{ origin: string; lead: string; declared_by: string; severity: string }>('SELECT origin, lead, declared_by, severity FROM incidents WHERE id = $1', [id]);
    expect(incident).toEqual({ origin: 'declared', lead: 'alice', declared_by: 'alice', severity: 'critical' });

    const playbook: Playbook = {
      id: 'checkout', title: 'Checkout', severity: 'major', category: 'unknown', match: [], checklist: [], diagnosis: '', communication: null, file: 'x.yaml',
      actions: [
        { id: 'note', title: 'Record a note', kind: 'noop', risk: 'low' },
        { id: 'drop', title: 'Drop the cache', kind: 'noop', risk: 'medium' },
      ],
    };
    await createProposalRecorder({ db: test.db, events: { emit: async () => undefined }, logger: silentLogger }).propose(id, playbook, new Date());

    const runs = JSON.parse((await cli('proposals', '--json')).stdout) as Array<{ id: string; title: string }>;
    const note = runs.find((r) => r.title === 'Record a note')!.id;
    const drop = runs.find((r) => r.title === 'Drop the cache')!.id;

    const refused = await cli('approve', note, '--as', 'mallory');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('mallory is not an approver');

    const approved = await cli('approve', note, '--as', 'alice');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`${note} approved by alice: succeeded`);
    const again = await cli('approve', note, '--as', 'bob');
    expect(again.code).toBe(1);
    expect(again.stderr, again.stderr).toContain('already succeeded');

    expect((await cli('reject', drop, '--as', 'bob')).stdout).toContain(`${drop} rejected by bob`);
    expect((await cli('approve', 'RUN-9999', '--as', 'bob')).code).toBe(2);
    const listed = await cli('proposals', '--all');
    expect(listed.stdout).toMatch(/Record a note.*succeeded.*alice/);
    expect(listed.stdout).toMatch(/Drop the cache.*rejected.*bob/);
  }, 120_000);
});
