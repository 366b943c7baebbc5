import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook.js';
import { createProposalRecorder } from '../../src/actions/propose-actions.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentActionEvents } from '../../src/actions/action-events.js';
import { createApprovers } from '../../src/slack/approvers.js';
import { createIncidentDecisions } from '../../src/slack/incident-decisions.js';
import { runFirebreak } from '../support/run-firebreak.js';
import { NOW, seedProbeSlowMonth } from './support/rule-history.js';
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

describe('deciding on rule changes from the CLI, without Slack', () => {
  let test: TestDatabase;
  const cli = (...args: string[]) => runFirebreak(args, { DATABASE_URL: test.location, SLACK_APPROVERS: 'alice,bob' });

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    await seedProbeSlowMonth(test.db);
    await createIncidentDecisions({ db: test.db, outbox: null, events: silentActionEvents, approvers: createApprovers({ users: ['alice', 'bob'] }), now: () => NOW }).falsePositive('INC-0009', 'bob');
  });
  afterAll(async () => {
    await test.drop();
  });

  it('lists the rule changes a false positive offers, and approves and rejects them with the same rules as any action', async () => {
    const proposals = JSON.parse((await cli('proposals', '--incident', 'INC-0009', '--json')).stdout) as Array<{ id: string; kind: string; risk: string }>;
    expect(proposals.map((run) => [run.kind, run.risk])).toEqual([['silence', 'high'], ['known-noisy', 'high'], ['longer-hold', 'medium']]);
    const [silence, knownNoisy, hold] = proposals.map((run) => run.id) as [string, string, string];
    const table = await cli('proposals');
    expect(table.stdout).toMatch(new RegExp(`${hold} .*Hold lone ProbeSlow alerts 2460 s.*longer-hold.*medium.*proposed`));

    const [held, marked, rejected] = await Promise.all([cli('approve', hold, '--as', 'alice'), cli('approve', knownNoisy, '--as', 'alice'), cli('reject', silence, '--as', 'bob')]);
    expect(held).toMatchObject({ code: 0 });
    expect(held.stdout).toMatch(new RegExp(`^${hold} approved by alice: succeeded \\(lone alerts of rule ProbeSlow \\(alertmanager\\) are held 2460 s from `));
    expect(marked.stdout).toBe(`${knownNoisy} approved by alice (1 of 2): high risk, it runs when a second approver agrees\n`);
    expect(rejected.stdout).toBe(`${silence} rejected by bob: it will not run\n`);
    expect(await test.db.query('SELECT kind, hold_s, created_by FROM rule_overrides')).toEqual([{ kind: 'hold', hold_s: 2460, created_by: 'alice' }]);

    expect((await cli('approve', knownNoisy, '--as', 'bob')).stdout).toMatch(new RegExp(`^${knownNoisy} approved by alice, bob: succeeded`));
    expect(await test.db.query("SELECT created_by FROM rule_overrides WHERE kind = 'known-noisy'")).toEqual([{ created_by: 'alice, bob' }]);
    expect(await test.db.query('SELECT 1 FROM silences')).toHaveLength(0);
  }, 120_000);
});
