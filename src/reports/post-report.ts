import { WebClient } from '@slack/web-api';
import { FirebreakError } from '../errors/catalogue.js';

/** What posting needs from the configuration. */
export interface SlackReportTarget {
  token: string;
  channel: string;
  /** A Slack-compatible API base URL (tests run a local one); Slack's own when undefined. */
  apiUrl?: string;
}

/**
 * Posts a rendered text report to the channel, as a code block so that its columns stay aligned. One thin call:
 * the incident messages and their retries live in src/slack; a report that does not post is simply reported.
 */
export async function postReport(target: SlackReportTarget, title: string, text: string): Promise<{ ts: string | undefined }> {
  const client = new WebClient(target.token, {
    ...(target.apiUrl === undefined ? {} : { slackApiUrl: target.apiUrl.endsWith('/') ? target.apiUrl : `${target.apiUrl}/` }),
    retryConfig: { retries: 2 },
  });
  try {
    const result = await client.chat.postMessage({ channel: target.channel, text: `*${title}*\n\`\`\`\n${text.trimEnd()}\n\`\`\``, mrkdwn: true });
    return { ts: result.ts };
  } catch (error) {
    const code = (error as { data?: { error?: string }; code?: string }).data?.error ?? (error as { code?: string }).code ?? 'unknown';
    throw new FirebreakError('FB_ERR_SLACK_API', `could not post the report to Slack: ${code}`, { channel: target.channel }, { cause: error });
  }
}
