/** Slack's documented limits that the incident message must stay within. */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, buttonText: 75, buttonValue: 2000, field: 2000, contextElements: 10, fallbackText: 3000 } as const;

/**
 * Escapes text for mrkdwn: `&`, `<` and `>` are the only control characters, and escaping them is also what
 * keeps alert text from mentioning `<!channel>` or a user.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A time Slack renders in each reader's own time zone, with the UTC time as fallback. */
export function slackTime(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const fallback = new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

/** A user mention when the value looks like a Slack user id, else the name as text. */
export function mention(user: string | null): string {
  if (user === null || user === '') return '_nobody yet_';
  return /^[UW][A-Z0-9]{2,}$/.test(user) ? `<@${user}>` : escapeText(user);
}

/** A user group mention (`S0123` ids) or the escaped name. */
export function groupMention(group: string): string {
  return /^S[A-Z0-9]{2,}$/.test(group) ? `<!subteam^${group}>` : escapeText(group);
}
