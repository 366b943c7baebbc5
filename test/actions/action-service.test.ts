import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook.js';
import type { ActionEvent } from '../../src/actions/action-events.js';
import { createActionService } from '../../src/actions/action-service.js';
import { findRuns } from '../../src/actions/action-run.js';
import { createProposalRecorder } from '../../src/actions/propose-actions.js';
import { createPostgresDb } from '../../src/store/postgres-db.js';
import { STORE_KINDS, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { insertIncident } from '../slack/support/incidents.js';
import { silentLogger, startOpsServer, testConfig } from './support.js';

function playbook(opsUrl: string): Playbook {
  return {
    id: 'checkout-errors',
    title: 'Checkout errors',
    severity: 'major',
    category: 'application-bug',
    match: [],
    checklist: [],
    diagnosis: '',
    communication: null,
    file: 'checkout-errors.yaml',
    actions: [
      { id: 'restart', title: 'Restart checkout', kind: 'http', risk: 'low', http: { method: 'POST', url: `${opsUrl}/restart`, headers: { Authorization: 'Bearer ${OPS_TOKEN}' } } },
      { id: 'failover', title: 'Fail over the database', kind: 'noop', risk: 'high' },
      { id: 'echo', title: 'Echo', kind: 'command', risk: 'medium', command: { argv: ['/bin/echo', 'hello; rm -rf /'] } },
      { id: 'forbidden', title: 'Forbidden', kind: 'command', risk: 'low', command: { argv: ['/bin/sh', '-c', 'echo hi'] } },
    ],
  };
}

describe.each(STORE_KINDS)('action runs on %s', (kind) => {
  let test: TestDatabase;
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  const events: ActionEvent[] = [];
  const config = testConfig({ FIREBREAK_ACTION_COMMANDS: '/bin/echo' });
  const approvers = { isApprover: async (user: string) => ['U_ALICE', 'U_BOB'].includes(user) };
  let service: ReturnType<typeof createActionService>;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    ops = await startOpsServer();
    await insertIncident(test.db, { id: 'INC-0001' });
    service = createActionService({ db: test.db, config, approvers, events: { emit: async (event) => void events.push(event) }, logger: silentLogger, env: { OPS_TOKEN: 'ops-secret-token' } });
    const recorder = createProposalRecorder({ db: test.db, events: { emit: async (event) => void events.push(event) }, logger: silentLogger });
    await recorder.propose('INC-0001', playbook(ops.url), new Date('2026-03-02T10:01:00Z'));
    await recorder.propose('INC-0001', playbook(ops.url), new Date('2026-03-02T10:02:00Z'));
  });
  afterAll(async () => {
    await ops.close();
    await test.drop();
  });

  const runOf = async (actionId: string) => (await findRuns(test.db, { incidentId: 'INC-0001' })).filter((run) => run.actionId === actionId).at(-1)!;

  it('records each proposed action once, however often it is proposed', async () => {
    const runs = await findRuns(test.db, { incidentId: 'INC-0001' });
    expect(runs.map((run) => [run.actionId, run.status, run.requiredApprovals])).toEqual([
      ['restart', 'proposed', 1],
      ['failover', 'proposed', 2],
      ['echo', 'proposed', 1],
      ['forbidden', 'proposed', 1],
    ]);
    expect(events.filter((event) => event.kind === 'proposed')).toHaveLength(4);
  });

  it('refuses a user who is not an approver, and nothing happens', async () => {
    const run = await runOf('restart');
    await expect(service.approve(run.id, 'U_MALLORY')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_NOT_ALLOWED' });
    expect((await runOf('restart')).status).toBe('proposed');
    expect(ops.requests).toHaveLength(0);
  });

  it('runs an approved http action once, with the header secret, and records it everywhere', async () => {
    const run = await runOf('restart');
    const result = await service.approve(run.id, 'U_ALICE');
    expect(result.outcome).toBe('approved');
    expect(result.run).toMatchObject({ status: 'succeeded', decidedBy: 'U_ALICE', approvers: ['U_ALICE'] });
    expect(result.run.result).toContain('HTTP 200');
    expect(ops.requests).toHaveLength(1);
    expect(ops.requests[0]!.headers.authorization).toBe('Bearer ops-secret-token');
    await expect(service.approve(run.id, 'U_BOB')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_STATE' });
    expect(ops.requests).toHaveLength(1);
    const counter = await test.db.query<{ action: string; by: string; action_run_id: string }>('SELECT action, by, action_run_id FROM countermeasures');
    expect(counter).toEqual([{ action: 'Restart checkout', by: 'U_ALICE', action_run_id: run.id }]);
    const timeline = await test.db.query<{ kind: string }>("SELECT kind FROM timeline WHERE detail->>'run' = $1 ORDER BY id", [run.id]);
    expect(timeline.map((row) => row.kind)).toEqual(['action-proposed', 'action-approved', 'action-executed']);
    expect(JSON.stringify(result.run)).not.toContain('ops-secret-token');
  });

  it('needs two distinct approvers for a high-risk action', async () => {
    const run = await runOf('failover');
    expect((await service.approve(run.id, 'U_ALICE')).outcome).toBe('awaiting-second-approver');
    await expect(service.approve(run.id, 'U_ALICE')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_STATE' });
    expect((await runOf('failover')).status).toBe('proposed');
    const second = await service.approve(run.id, 'U_BOB');
    expect(second.run).toMatchObject({ status: 'succeeded', approvers: ['U_ALICE', 'U_BOB'], decidedBy: 'U_ALICE, U_BOB' });
  });

  it('runs an allowlisted command with its argv as written, never through a shell', async () => {
    const run = await runOf('echo');
    const result = await service.approve(run.id, 'U_BOB');
    expect(result.run.status).toBe('succeeded');
    expect(result.run.output).toBe('hello; rm -rf /');
  });

  it('fails a command outside the allowlist without running it, and proposes it again saying so', async () => {
    const run = await runOf('forbidden');
    const result = await service.approve(run.id, 'U_BOB');
    expect(result.run).toMatchObject({ status: 'failed' });
    expect(result.run.result).toContain('not in FIREBREAK_ACTION_COMMANDS');
    const recorder = createProposalRecorder({ db: test.db, events: { emit: async () => undefined }, logger: silentLogger });
    await recorder.propose('INC-0001', playbook(ops.url), new Date('2026-03-02T10:30:00Z'));
    await recorder.propose('INC-0001', playbook(ops.url), new Date('2026-03-02T10:31:00Z'));
    const again = (await findRuns(test.db, { incidentId: 'INC-0001' })).filter((r) => r.actionId === 'forbidden');
    expect(again.map((r) => [r.attempt, r.status])).toEqual([[1, 'failed'], [2, 'proposed']]);
    expect(again[1]!.notice).toMatch(/did not work/);
    // the others worked or are pending: not proposed again
    expect((await findRuns(test.db, { incidentId: 'INC-0001' })).filter((r) => r.actionId === 'restart')).toHaveLength(1);
  });

  it('records a rejection and never runs the rejected action', async () => {
    const run = await runOf('forbidden');
    expect((await service.reject(run.id, 'U_ALICE')).run).toMatchObject({ status: 'rejected', decidedBy: 'U_ALICE' });
    await expect(service.approve(run.id, 'U_BOB')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_STATE' });
  });

  it('asks whether it worked once the follow-up is due, and records the answer as a countermeasure', async () => {
    const later = createActionService({ db: test.db, config, approvers, events: { emit: async (event) => void events.push(event) }, logger: silentLogger, now: () => new Date(Date.now() + 3_600_000) });
    expect(await later.askDueFollowups()).toBe(3);
    expect(await later.askDueFollowups()).toBe(0);
    const run = await runOf('restart');
    await later.recordWorked(run.id, false, 'U_ALICE');
    await expect(later.recordWorked(run.id, true, 'U_BOB')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_STATE' });
    const [counter] = await test.db.query<{ worked: boolean }>('SELECT worked FROM countermeasures WHERE action_run_id = $1', [run.id]);
    expect(counter?.worked).toBe(false);
  });
});

describe('two workers racing on one approval', () => {
  it('executes the action exactly once', async () => {
    const test = await createTestDatabase('postgres');
    const ops = await startOpsServer();
    try {
      await insertIncident(test.db, { id: 'INC-0001' });
      const config = testConfig();
      const approvers = { isApprover: async () => true };
      const book = playbook(ops.url);
      book.actions = book.actions.slice(0, 1).map((action) => ({ ...action, http: { method: 'POST', url: `${ops.url}/restart` } }));
      await createProposalRecorder({ db: test.db, events: { emit: async () => undefined }, logger: silentLogger }).propose('INC-0001', book, new Date());
      const [run] = await findRuns(test.db);
      const workers = Array.from({ length: 6 }, () => createPostgresDb(test.location, { max: 2 }));
      const results = await Promise.allSettled(
        workers.map((db, index) => createActionService({ db, config, approvers, events: { emit: async () => undefined }, logger: silentLogger }).approve(run!.id, `U_${index}`)),
      );
      await Promise.all(workers.map((db) => db.close()));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      expect(ops.requests).toHaveLength(1);
      const [after] = await findRuns(test.db);
      expect(after?.status).toBe('succeeded');
    } finally {
      await ops.close();
      await test.drop();
    }
  });

  it('lets exactly one of several workers claim an approved run', async () => {
    const test = await createTestDatabase('postgres');
    const ops = await startOpsServer();
    try {
      await insertIncident(test.db, { id: 'INC-0001' });
      const book = playbook(ops.url);
      book.actions = [{ id: 'restart', title: 'Restart', kind: 'http', risk: 'low', http: { method: 'POST', url: `${ops.url}/restart` } }];
      await createProposalRecorder({ db: test.db, events: { emit: async () => undefined }, logger: silentLogger }).propose('INC-0001', book, new Date());
      await test.db.query("UPDATE action_runs SET status = 'approved', decided_by = 'U_A', decided_at = now()");
      const [run] = await findRuns(test.db);
      const workers = Array.from({ length: 6 }, () => createPostgresDb(test.location, { max: 2 }));
      const executed = await Promise.all(
        workers.map((db) => createActionService({ db, config: testConfig(), approvers: { isApprover: async () => true }, events: { emit: async () => undefined }, logger: silentLogger }).execute(run!.id)),
      );
      await Promise.all(workers.map((db) => db.close()));
      expect(executed.filter((result) => result !== null)).toHaveLength(1);
      expect(ops.requests).toHaveLength(1);
    } finally {
      await ops.close();
      await test.drop();
    }
  });
});
