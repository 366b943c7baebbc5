import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SEVERITIES } from '../domain/incident.js';
import { FirebreakError } from '../errors/catalogue.js';
import { safeEqual } from '../http/auth/constant-time.js';
import { declareIncident } from '../incidents/declare-incident.js';
import { sql } from '../store/sql-file.js';
import { declareModal, DECLARE_MODAL, parseDeclareText, readDeclareModal } from './declare-command.js';
import { blockActionsSchema, interactionKey, viewSubmissionSchema } from './interaction-payload.js';
import { verifySlackSignature } from './slack-signature.js';
import { createIncidentNotifier, createSlackParts, type SlackContext } from './slack-wiring.js';

const FORM = 'application/x-www-form-urlencoded';

const declarationBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  severity: z.enum(SEVERITIES).default('major'),
  service: z.string().trim().min(1).max(200).nullish(),
  environment: z.string().trim().min(1).max(200).nullish(),
  symptom: z.string().trim().max(5000).nullish(),
  impactStartedAt: z.iso.datetime({ offset: true }).nullish(),
  declaredBy: z.string().trim().min(1).max(200).default('api'),
});

/**
 * The HTTP routes of the on-call side, registered in their own encapsulated scope (a raw-string form parser, so the
 * Slack signature is checked over exactly the bytes sent):
 * - `POST /slack/interactions`: buttons and the declare modal. Verified, recorded once (a retry or replay of the same
 *   click is recorded once), answered 200 at once; the worker does the work.
 * - `POST /slack/commands`: `/incident`, declaring at once or opening the modal.
 * - `POST /incidents`: declaring from a support tool, with `Authorization: Bearer FIREBREAK_API_TOKEN`.
 * @example HTTP_ROUTE_MODULES.push(registerSlackRoutes)
 */
export async function registerSlackRoutes(app: FastifyInstance, context: SlackContext): Promise<void> {
  await app.register(async (scope) => {
    if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
    scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    const notifier = createIncidentNotifier(context);
    const now = () => (context.clock ?? { now: () => new Date() }).now();

    const verified = (request: FastifyRequest): URLSearchParams => {
      const secret = context.config.SLACK_SIGNING_SECRET;
      if (secret === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', 'Slack is not configured (SLACK_SIGNING_SECRET)');
      if (typeof request.body !== 'string') throw new FirebreakError('FB_ERR_RECEIVER_CONTENT_TYPE', `expected ${FORM}`, { source: 'slack' });
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      verifySlackSignature({ secret, rawBody: request.body, timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature'), now: now(), windowS: context.config.FIREBREAK_REPLAY_WINDOW_S });
      return new URLSearchParams(request.body);
    };

    scope.post('/slack/interactions', async (request, reply) => {
      const form = verified(request);
      if (form.get('ssl_check') === '1') return reply.code(200).send();
      let payload: unknown;
      try {
        payload = JSON.parse(form.get('payload') ?? '', storableText);
      } catch {
        throw new FirebreakError('FB_ERR_RECEIVER_BAD_JSON', 'payload is not JSON PostgreSQL can store', { source: 'slack' });
      }
      const submission = viewSubmissionSchema.safeParse(payload);
      if (submission.success && submission.data.view.callback_id === DECLARE_MODAL) {
        const declaration = readDeclareModal(submission.data);
        if (declaration === null) return reply.send({ response_action: 'errors', errors: { title: 'Say what is happening' } });
        await declareIncident({ db: context.db, notifier, ...(context.clock ? { clock: context.clock } : {}) }, { ...declaration, severity: declaration.severity ?? 'major', declaredBy: submission.data.user.id, via: 'slack' });
        return reply.code(200).send();
      }
      const actions = blockActionsSchema.safeParse(payload);
      if (!actions.success) return reply.code(200).send(); // other interaction types are acknowledged, not acted on
      const recorded = await context.db.query(sql('slack/record-interaction'), [interactionKey(actions.data), now().toISOString(), actions.data.user.id, actions.data.actions[0]!.action_id, JSON.stringify(actions.data)]);
      if (recorded.length === 0) context.logger.info({ retry: request.headers['x-slack-retry-num'] ?? null, user: actions.data.user.id }, 'slack interaction already recorded; not acting twice');
      return reply.code(200).send();
    });

    scope.post('/slack/commands', async (request, reply) => {
      const form = verified(request);
      const user = form.get('user_id') ?? 'unknown';
      const text = form.get('text') ?? '';
      if (text.trim() === '') {
        const parts = createSlackParts(context);
        const trigger = form.get('trigger_id');
        if (parts.client === null || trigger === null) return reply.send({ response_type: 'ephemeral', text: 'Usage: /incident <title> [sev:critical|major|minor] [service:NAME]' });
        await parts.client.views.open({ trigger_id: trigger, view: declareModal(form.get('channel_id') ?? '') as never });
        return reply.code(200).send();
      }
      const args = parseDeclareText(text);
      if (args.title === '') return reply.send({ response_type: 'ephemeral', text: 'Say what is happening: /incident <title> [sev:critical|major|minor] [service:NAME]' });
      const { id } = await declareIncident({ db: context.db, notifier, ...(context.clock ? { clock: context.clock } : {}) }, { ...args, severity: args.severity ?? 'major', declaredBy: user, via: 'slack' });
      return reply.send({ response_type: 'ephemeral', text: `Declared ${id} (${args.severity ?? 'major'}${args.service ? `, ${args.service}` : ''}). You are the lead until someone takes it.` });
    });

    scope.post('/incidents', async (request, reply) => {
      const token = context.config.FIREBREAK_API_TOKEN;
      if (token === undefined || !safeEqual(request.headers.authorization, `Bearer ${token}`)) {
        throw new FirebreakError('FB_ERR_RECEIVER_BAD_TOKEN', 'POST /incidents needs Authorization: Bearer FIREBREAK_API_TOKEN', { source: 'incidents' });
      }
      let raw: unknown = request.body;
      if (Buffer.isBuffer(raw)) {
        try {
          raw = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new FirebreakError('FB_ERR_RECEIVER_BAD_JSON', 'body is not valid JSON', { source: 'incidents' });
        }
      }
      const parsed = declarationBody.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FirebreakError('FB_ERR_RECEIVER_SCHEMA', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`, { source: 'incidents' });
      }
      const { id } = await declareIncident({ db: context.db, notifier, ...(context.clock ? { clock: context.clock } : {}) }, { ...parsed.data, via: 'api' });
      return reply.code(201).send({ id });
    });
  });
}

/**
 * A JSON.parse reviver refusing strings PostgreSQL's jsonb cannot hold (NUL, lone surrogates): found by the fault
 * fuzzing (test/faults/hostile-input.test.ts), where such a payload made the interaction insert fail with a 500.
 */
function storableText(key: string, value: unknown): unknown {
  const bad = (text: string) => /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
  if (bad(key) || (typeof value === 'string' && bad(value))) throw new Error('text PostgreSQL cannot store');
  return value;
}
