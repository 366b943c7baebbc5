import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRuleOverride } from '../../src/actions/rule-change-executors.js';
import { listRuleOverrides, revokeRuleOverride } from '../../src/actions/rule-overrides.js';
import { createApprovers } from '../../src/slack/approvers.js';
import { SqlVerdictLog } from '../../src/store/triage/sql-knowledge.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../support/databases.js';

const T0 = new Date('2025-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/**
 * A revocation as the triage adapter reads it (`VerdictLog.overridesFor`, the port the noise filter asks): an
 * override revoked at or before the triage time no longer applies, the latest earlier one of its kind still in force
 * applies instead, and a replay of a time before the revocation still sees it.
 */
describe.each(STORE_KINDS)('revoking a rule override (%s)', (kind) => {
  let test: TestDatabase;
  let log: SqlVerdictLog;
  const approvers = createApprovers({ users: ['alice'] });
  const holdAt = async (minutes: number) => (await log.overridesFor('alertmanager', 'ProbeSlow', at(minutes))).hold?.holdS ?? null;
  const knownNoisyAt = async (minutes: number) => (await log.overridesFor('alertmanager', 'ProbeSlow', at(minutes))).knownNoisy?.by ?? null;
  const ids = { hold600: 0, hold1200: 0, knownNoisy: 0 };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    log = new SqlVerdictLog(test.db);
    const base = { source: 'alertmanager', rule: 'ProbeSlow', reason: 'false positive', runId: null };
    ids.hold600 = (await recordRuleOverride(test.db, { ...base, kind: 'hold', holdS: 600, by: 'alice', at: at(0) }))!;
    ids.hold1200 = (await recordRuleOverride(test.db, { ...base, kind: 'hold', holdS: 1200, by: 'bob', at: at(10) }))!;
    ids.knownNoisy = (await recordRuleOverride(test.db, { ...base, kind: 'known-noisy', holdS: null, by: 'alice', at: at(10) }))!;
    await revokeRuleOverride({ db: test.db, approvers, now: () => at(20) }, ids.hold1200, 'alice', 'too long');
    await revokeRuleOverride({ db: test.db, approvers, now: () => at(30) }, ids.knownNoisy, 'alice');
  });
  afterAll(async () => {
    await test.drop();
  });

  it('is honoured from the revocation on; the earlier override of the kind applies again', async () => {
    expect([await holdAt(5), await holdAt(15), await holdAt(20), await holdAt(60)]).toEqual([600, 1200, 600, 600]);
    expect([await knownNoisyAt(5), await knownNoisyAt(29), await knownNoisyAt(30), await knownNoisyAt(60)]).toEqual([null, 'alice', null, null]);
  });

  it('lists what is in force at a time, and every override with its revocation', async () => {
    expect((await listRuleOverrides(test.db, { at: at(60) })).map((override) => [override.id, override.holdS])).toEqual([[ids.hold600, 600]]);
    expect((await listRuleOverrides(test.db, { at: at(15) })).map((override) => [override.kind, override.id])).toEqual([['hold', ids.hold1200], ['known-noisy', ids.knownNoisy]]);
    const all = await listRuleOverrides(test.db, { at: at(60), all: true });
    expect(all.map((override) => [override.id, override.inForce, override.revokedBy, override.revokeNote])).toEqual([
      [ids.hold1200, false, 'alice', 'too long'],
      [ids.hold600, true, null, null],
      [ids.knownNoisy, false, 'alice', null],
    ]);
  });

  it('says what is in force after a revocation, and refuses a second one, a stranger and an unknown id', async () => {
    const revoked = await revokeRuleOverride({ db: test.db, approvers, now: () => at(70) }, ids.hold600, 'alice');
    expect(revoked.revoked).toMatchObject({ id: ids.hold600, revokedBy: 'alice', revokedAt: at(70).toISOString(), inForce: false });
    expect(revoked.nowInForce).toBeNull();
    expect(await holdAt(70)).toBeNull();
    await expect(revokeRuleOverride({ db: test.db, approvers, now: () => at(80) }, ids.hold600, 'alice')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_STATE' });
    await expect(revokeRuleOverride({ db: test.db, approvers }, ids.hold600, 'mallory')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_NOT_ALLOWED' });
    await expect(revokeRuleOverride({ db: test.db, approvers }, 9999, 'alice')).rejects.toMatchObject({ code: 'FB_ERR_NOT_FOUND' });
    expect(await test.db.query('SELECT override_id FROM rule_override_revocations ORDER BY override_id')).toHaveLength(3);
  });
});
