import type { WebClient } from '@slack/web-api';
import type { ApproverCheck } from '../actions/action-events.js';

const GROUP_TTL_MS = 60_000;

/**
 * Who may approve: the Slack user ids in SLACK_APPROVERS, or members of the SLACK_APPROVER_GROUP user group
 * (read with usergroups.users.list, cached for a minute). Without Slack the same list serves the CLI's `--as`.
 * Nobody configured means nobody may approve: nothing runs by default.
 */
export function createApprovers(options: { users: readonly string[]; group?: string | undefined; client?: WebClient | null; now?: () => number }): ApproverCheck {
  const now = options.now ?? Date.now;
  let cached: { at: number; members: Set<string> } | null = null;

  async function groupMembers(): Promise<Set<string>> {
    if (options.group === undefined || options.client == null) return new Set();
    if (cached !== null && now() - cached.at < GROUP_TTL_MS) return cached.members;
    const result = await options.client.usergroups.users.list({ usergroup: options.group });
    cached = { at: now(), members: new Set(result.users ?? []) };
    return cached.members;
  }

  return {
    async isApprover(user: string): Promise<boolean> {
      if (options.users.includes(user)) return true;
      return (await groupMembers()).has(user);
    },
  };
}
