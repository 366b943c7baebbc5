import type { Config } from '../config/schema.js';
import { FirebreakError } from '../errors/catalogue.js';
import { createSlackClient } from '../slack/slack-client.js';

/**
 * Posts a rendered text report to SLACK_CHANNEL, its title in bold and the body as a code block so that its
 * columns stay aligned. One thin call on the Slack client of src/slack: a report that fails to post says why
 * and can simply be run again.
 */
export async function postReport(
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL' | 'SLACK_CHANNEL'>,
  title: string,
  body: string,
): Promise<{ ts: string | undefined }> {
  if (config.SLACK_BOT_TOKEN === undefined || config.SLACK_CHANNEL === undefined) {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', '--post: set SLACK_BOT_TOKEN and SLACK_CHANNEL to post reports');
  }
  try {
    const result = await createSlackClient(config).chat.postMessage({
      channel: config.SLACK_CHANNEL,
      text: `*${title}*\n\`\`\`\n${body.trim()}\n\`\`\``,
      mrkdwn: true,
    });
    return { ts: result.ts };
  } catch (error) {
    const reason = (error as { data?: { error?: string } }).data?.error ?? (error as { code?: string }).code ?? 'unknown';
    throw new FirebreakError('FB_ERR_SLACK_API', `could not post the report to Slack: ${reason}`, { channel: config.SLACK_CHANNEL }, { cause: error });
  }
}
