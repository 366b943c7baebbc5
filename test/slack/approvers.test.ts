import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovers } from '../../src/slack/approvers.js';
import { createSlackClient } from '../../src/slack/slack-client.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';

describe('approvers', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ groups: { SONCALL: ['UGROUPIE'] } });
  });
  afterAll(async () => {
    await slack.close();
  });

  it('are the configured user ids and the members of the configured user group, read once a minute', async () => {
    let clock = 0;
    const approvers = createApprovers({ users: ['UALICE'], group: 'SONCALL', client: createSlackClient({ SLACK_BOT_TOKEN: 'xoxb-t', SLACK_API_URL: slack.url }), now: () => clock });
    expect(await approvers.isApprover('UALICE')).toBe(true);
    expect(await approvers.isApprover('UGROUPIE')).toBe(true);
    expect(await approvers.isApprover('UMALLORY')).toBe(false);
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(1);
    clock += 61_000;
    expect(await approvers.isApprover('UMALLORY')).toBe(false);
    expect(slack.callsTo('usergroups.users.list')).toHaveLength(2);
    expect(slack.callsTo('usergroups.users.list')[0]!.args.usergroup).toBe('SONCALL');
  });

  it('are nobody when nothing is configured: nothing runs by default', async () => {
    expect(await createApprovers({ users: [] }).isApprover('UALICE')).toBe(false);
  });
});
