import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionService } from '../../src/actions/action-service.js';
import { findRuns } from '../../src/actions/action-run.js';
import { createProposalRecorder } from '../../src/actions/propose-actions.js';
import { isFirebreakError } from '../../src/errors/catalogue.js';
import type { Playbook } from '../../src/domain/playbook.js';
import { createPostgresDb } from '../../src/store/postgres-db.js';
import type { Db } from '../../src/store/db.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { insertIncident } from '../slack/support/incidents.js';
import { silentLogger, startOpsServer, testConfig } from '../actions/support.js';
import { recordFigures } from './support/figures.js';

/*
 * 200 rounds of two approvals and a rejection of one action arriving together, each through its own connection
 * pool (three workers), against PostgreSQL: exactly one outcome a round, the other two told it was already decided,
 * and the action's endpoint called once when approved, never when rejected.
 * test/actions/action-service.test.ts races six approvers once; this counts over many rounds with a rejection in.
 */
const ROUNDS = 200;

let test: TestDatabase;
let ops: Awaited<ReturnType<typeof startOpsServer>>;
let pools: Db[];

beforeAll(async () => {
  test = await createTestDatabase('postgres');
  ops = await startOpsServer();
  pools = Array.from({ length: 3 }, () => createPostgresDb(test.location, { max: 2 }));
});

afterAll(async () => {
  await Promise.all((pools ?? []).map((db) => db.close()));
  await ops?.close();
  await test?.drop();
});

describe('two approvals and a rejection arriving together', () => {
  it(`decide each of ${ROUNDS} rounds exactly once`, async () => {
    const approvers = { isApprover: async () => true };
    const services = pools.map((db) => createActionService({ db, config: testConfig(), approvers, events: { emit: async () => undefined }, logger: silentLogger }));
    const recorder = createProposalRecorder({ db: test.db, events: { emit: async () => undefined }, logger: silentLogger });
    const tally = { approved: 0, rejected: 0, alreadyDecided: 0, otherErrors: 0, roundsWithOneOutcome: 0, executions: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const incidentId = `INC-R${String(round).padStart(4, '0')}`;
      await insertIncident(test.db, { id: incidentId });
      const book: Playbook = {
        id: 'race', title: 'Race', severity: 'major', category: 'application-bug', match: [], checklist: [], diagnosis: '', communication: null, file: 'race.yaml',
        actions: [{ id: 'restart', title: 'Restart', kind: 'http', risk: 'low', http: { method: 'POST', url: `${ops.url}/restart/${round}` } }],
      };
      await recorder.propose(incidentId, book, new Date());
      const [run] = await findRuns(test.db, { incidentId });
      const results = await Promise.allSettled([services[0]!.approve(run!.id, 'U_ALICE'), services[1]!.approve(run!.id, 'U_BOB'), services[2]!.reject(run!.id, 'U_CAROL')]);
      const outcomes = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.outcome] : []));
      for (const result of results) {
        if (result.status === 'fulfilled') tally[result.value.outcome === 'rejected' ? 'rejected' : 'approved']++;
        else if (isFirebreakError(result.reason) && result.reason.code === 'FB_ERR_ACTION_STATE') tally.alreadyDecided++;
        else tally.otherErrors++;
      }
      const calls = ops.requests.filter((request) => request.url === `/restart/${round}`).length;
      tally.executions += calls;
      const [after] = await findRuns(test.db, { incidentId });
      const consistent = outcomes.length === 1 && (outcomes[0] === 'rejected' ? calls === 0 && after?.status === 'rejected' : calls === 1 && after?.status === 'succeeded');
      if (consistent) tally.roundsWithOneOutcome++;
    }
    recordFigures('approval-races', { rounds: ROUNDS, ...tally });
    expect(tally.otherErrors).toBe(0);
    expect(tally.roundsWithOneOutcome).toBe(ROUNDS);
    expect(tally.alreadyDecided).toBe(2 * ROUNDS);
    expect(tally.executions).toBe(tally.approved);
  }, 120_000);
});
