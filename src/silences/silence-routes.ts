import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { FirebreakError } from '../errors/catalogue.js';
import { safeEqual } from '../http/auth/constant-time.js';
import { checkSilence, silenceRequestSchema } from './silence-input.js';
import { addSilence, listSilences, previewSilence } from './silence-log.js';

function authorize(context: DaemonContext, request: FastifyRequest, route: string): void {
  const token = context.config.FIREBREAK_API_TOKEN;
  // Without a configured token the management API is closed, never open.
  if (token === undefined || !safeEqual(request.headers.authorization, `Bearer ${token}`)) {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_TOKEN', `${route} needs Authorization: Bearer FIREBREAK_API_TOKEN`, { source: 'silences' });
  }
}

function jsonBody(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_JSON', 'body is not valid JSON', { source: 'silences' });
  }
}

/**
 * The silences API, with `Authorization: Bearer FIREBREAK_API_TOKEN`:
 * - `POST /silences` `{matchers: {label: regex}, startsAt?, endsAt, comment, createdBy, dryRun?}`: 201 with the
 *   silence; with `dryRun: true`, 200 with the alerts already stored it would have matched (nothing is added).
 * - `GET /silences[?all=true]`: the silences not yet over (every one with `all`).
 * A bad field is a 400 naming it.
 * @example HTTP_ROUTE_MODULES.push(registerSilenceRoutes)
 */
export function registerSilenceRoutes(app: FastifyInstance, context: DaemonContext): void {
  app.post('/silences', async (request, reply) => {
    authorize(context, request, 'POST /silences');
    const parsed = silenceRequestSchema.safeParse(jsonBody(request.body));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = [...(issue?.path ?? []), ...(issue?.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])].join('.');
      throw new FirebreakError('FB_ERR_RECEIVER_SCHEMA', `${key || 'body'}: ${issue?.message ?? 'invalid'}`, { source: 'silences' });
    }
    const now = context.clock.now();
    const spec = checkSilence(parsed.data, now);
    if (parsed.data.dryRun === true) return reply.code(200).send({ dryRun: true, ...(await previewSilence(context.db, spec)) });
    const silence = await addSilence(context.db, spec, now);
    context.logger.info({ silence: silence.id, matchers: silence.matchers, endsAt: silence.endsAt, by: silence.createdBy }, 'silence added');
    return reply.code(201).send(silence);
  });

  app.get('/silences', async (request, reply) => {
    authorize(context, request, 'GET /silences');
    const all = (request.query as Record<string, unknown> | undefined)?.all;
    return reply.send({ silences: await listSilences(context.db, context.clock.now(), { all: all === 'true' || all === '1' }) });
  });
}
