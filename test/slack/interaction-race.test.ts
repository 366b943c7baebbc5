import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook.js';
import { findRuns } from '../../src/actions/action-run.js';
import { createSlackLoop } from '../../src/slack/slack-worker.js';
import { createActionProposals } from '../../src/slack/slack-wiring.js';
import { createPostgresDb } from '../../src/store/postgres-db.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentLogger, startOpsServer, testConfig } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';
import { insertIncident } from './support/incidents.js';
import { BOT_TOKEN, SIGNING_SECRET, blockActions, formBody, signedHeaders, slackApp } from './support/slack-harness.js';

describe('workers racing on the clicks of one approval', () => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    ops = await startOpsServer();
  });
  afterAll(async () => {
    await ops.close();
    await slack.close();
    await test.drop();
  });

  it('execute the action exactly once, and each click is handled by one worker', async () => {
    const config = testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_APPROVERS: 'UALICE,UBOB,UCAROL', SLACK_API_URL: slack.url, FIREBREAK_SLACK_BATCH_S: '0' });
    await insertIncident(test.db, { id: 'INC-0001' });
    const playbook: Playbook = { id: 'pb', title: 'pb', severity: 'major', category: 'unknown', match: [], checklist: [], diagnosis: '', communication: null, file: 'pb.yaml', actions: [{ id: 'restart', title: 'Restart', kind: 'http', risk: 'low', http: { method: 'POST', url: `${ops.url}/restart` } }] };
    await createActionProposals({ config, db: test.db, logger: silentLogger }).propose('INC-0001', playbook, new Date());
    const [run] = await findRuns(test.db);
    const app = await slackApp({ config, db: test.db, logger: silentLogger });
    const now = Math.floor(Date.now() / 1000);
    for (const [index, user] of ['UALICE', 'UBOB', 'UCAROL', 'UALICE', 'UBOB', 'UCAROL'].entries()) {
      const body = formBody(blockActions({ user, actionId: 'fb_approve', value: run!.id, actionTs: `${now}.00000${index}` }));
      expect((await app.inject({ method: 'POST', url: '/slack/interactions', payload: body, headers: signedHeaders(body, now) })).statusCode).toBe(200);
    }
    await app.close();
    const pools = Array.from({ length: 3 }, () => createPostgresDb(test.location, { max: 2 }));
    const loops = pools.map((db) => createSlackLoop({ config, db, logger: silentLogger }));
    const rounds = await Promise.all(loops.map((loop) => loop.runOnce({ clocks: false })));
    await Promise.all(pools.map((db) => db.close()));
    expect(rounds.reduce((sum, round) => sum + round.handled, 0)).toBe(6);
    expect(ops.requests).toHaveLength(1);
    const outcomes = await test.db.query<{ outcome: string; n: number }>('SELECT outcome, count(*)::int AS n FROM slack_interactions GROUP BY outcome ORDER BY outcome');
    expect(outcomes).toEqual([{ outcome: 'already-decided', n: 5 }, { outcome: 'approved', n: 1 }]);
  });
});
