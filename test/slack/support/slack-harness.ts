import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { signSlackRequest } from '../../../src/slack/slack-signature.js';
import { registerSlackRoutes } from '../../../src/slack/slack-routes.js';
import type { SlackContext } from '../../../src/slack/slack-wiring.js';
import { refuse } from '../../../src/http/refusal.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token-abcdef';

/** A block_actions payload as Slack posts it, built on the bolt-python fixture with the given click. */
export function blockActions(click: { user: string; actionId: string; value: string; actionTs: string; channel?: string }): Record<string, unknown> {
  const fixture = JSON.parse(readFileSync('/work/shared/fixtures/slack/block_actions.bolt-python-test.json', 'utf8')) as Record<string, unknown> & { actions: Array<Record<string, unknown>> };
  const channel = click.channel ?? 'C_ONCALL';
  return {
    ...fixture,
    user: { id: click.user, username: click.user.toLowerCase(), team_id: 'T111' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'oncall' },
    actions: [{ ...fixture.actions[0], action_id: click.actionId, value: click.value, action_ts: click.actionTs }],
  };
}

/** The form body Slack sends for an interaction. */
export function formBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Headers of a Slack request signed at `at` (seconds), or with the signature given. */
export function signedHeaders(body: string, at: number, secret = SIGNING_SECRET): Record<string, string> {
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(at), 'x-slack-signature': signSlackRequest(secret, String(at), body) };
}

/** A fastify app with the Slack routes, as the daemon registers them (its refusal handler included). */
export async function slackApp(context: SlackContext): Promise<FastifyInstance> {
  const app = Fastify();
  app.setErrorHandler((error, request, reply) =>
    refuse({ config: context.config, logger: context.logger, metrics: { webhooksRefused: { inc: () => undefined } }, reportError: () => undefined } as never, request, reply, error),
  );
  await registerSlackRoutes(app, context);
  await app.ready();
  return app;
}
