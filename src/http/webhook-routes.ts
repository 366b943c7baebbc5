import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AlertSource } from '../domain/alert.js';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { FirebreakError } from '../errors/catalogue.js';
import type { AlertJob } from '../queue/alert-job.js';
import { deliveryKey } from '../queue/delivery-key.js';
import { enqueueDelivery } from '../queue/enqueue-delivery.js';
import { checkCredentials } from './auth/credentials.js';
import { authenticateGrafana } from './auth/grafana-auth.js';
import { authenticateSentry, header } from './auth/sentry-auth.js';
import { normalizeAlertmanager } from './receivers/alertmanager.js';
import { normalizeChange } from './receivers/changes.js';
import { normalizeGrafana } from './receivers/grafana.js';
import type { NormalizeBody } from './receivers/receiver.js';
import { normalizeSentry } from './receivers/sentry.js';

/** What a sender reads back on 202. */
export interface AcceptedBody {
  accepted: true;
  duplicate: boolean;
  /** Alerts the body carried (0: acknowledged and ignored, e.g. Sentry `installation`). */
  alerts: number;
  deliveryKey: string | null;
  requestId: string;
}

interface AlertReceiver {
  source: AlertSource;
  authenticate(request: FastifyRequest, rawBody: Buffer, context: DaemonContext): void;
  normalize: NormalizeBody;
  /** The sender's own delivery id, when it sends one. */
  senderDeliveryId?(request: FastifyRequest): string | undefined;
}

const RECEIVERS: AlertReceiver[] = [
  {
    source: 'sentry',
    authenticate: (request, rawBody, { config }) =>
      authenticateSentry({ headers: request.headers, rawBody, token: (request.query as Record<string, string | undefined>).token }, config),
    normalize: normalizeSentry,
    senderDeliveryId: (request) => header(request.headers, 'request-id'),
  },
  {
    source: 'grafana',
    authenticate: (request, rawBody, { config, clock }) => authenticateGrafana({ headers: request.headers, rawBody }, config, clock.now()),
    normalize: normalizeGrafana,
  },
  {
    source: 'alertmanager',
    authenticate: (request, _raw, { config }) =>
      checkCredentials(header(request.headers, 'authorization'), { token: config.ALERTMANAGER_TOKEN, basic: config.ALERTMANAGER_BASIC_AUTH }, 'alertmanager'),
    normalize: normalizeAlertmanager,
  },
];

/**
 * `POST /webhooks/{sentry,grafana,alertmanager}` and `POST /webhooks/changes`. Each request: authenticate over
 * the raw bytes, parse JSON, normalise (pure, zod-checked), then one BullMQ job per delivery whose id is the
 * delivery key; 202 only once Redis holds it. Refusals are answered by the server's error handler.
 */
export function registerWebhookRoutes(app: FastifyInstance, context: DaemonContext): void {
  for (const receiver of RECEIVERS) {
    app.post(`/webhooks/${receiver.source}`, async (request, reply) => {
      const rawBody = requireBody(request);
      receiver.authenticate(request, rawBody, context);
      const receivedAt = context.clock.now();
      const alerts = receiver.normalize(parseJson(rawBody), lowerCaseHeaders(request), receivedAt);
      if (alerts.length === 0) {
        context.metrics.webhooksAccepted.inc({ source: receiver.source, outcome: 'ignored' });
        return accept(reply, request, { duplicate: false, alerts: 0, deliveryKey: null });
      }
      const key = deliveryKey(receiver.source, rawBody, receivedAt, receiver.senderDeliveryId?.(request));
      const job: AlertJob = { kind: 'alerts', source: receiver.source, deliveryKey: key, receivedAt: receivedAt.toISOString(), alerts };
      const { duplicate } = await enqueueDelivery(context.queue, context.redis, job);
      context.metrics.webhooksAccepted.inc({ source: receiver.source, outcome: duplicate ? 'duplicate' : 'queued' });
      if (!duplicate) for (const alert of alerts) context.metrics.alertsReceived.inc({ source: receiver.source, status: alert.status });
      context.logger.debug({ source: receiver.source, requestId: request.id, deliveryKey: key, alerts: alerts.length, duplicate }, 'webhook queued');
      return accept(reply, request, { duplicate, alerts: alerts.length, deliveryKey: key });
    });
  }

  app.post('/webhooks/changes', async (request, reply) => {
    const rawBody = requireBody(request);
    checkCredentials(header(request.headers, 'authorization'), { token: context.config.CHANGES_TOKEN }, 'changes');
    const receivedAt = context.clock.now();
    const change = normalizeChange(parseJson(rawBody), receivedAt);
    const key = deliveryKey('changes', rawBody, receivedAt);
    // The worker stores the change: the API holds no store writes, so it scales apart from it.
    const { duplicate } = await enqueueDelivery(context.queue, context.redis, { kind: 'change', deliveryKey: key, receivedAt: receivedAt.toISOString(), change });
    context.metrics.webhooksAccepted.inc({ source: 'changes', outcome: duplicate ? 'duplicate' : 'queued' });
    return accept(reply, request, { duplicate, alerts: 0, deliveryKey: key });
  });
}

function accept(reply: FastifyReply, request: FastifyRequest, result: Omit<AcceptedBody, 'accepted' | 'requestId'>): FastifyReply {
  const body: AcceptedBody = { accepted: true, ...result, requestId: String(request.id) };
  return reply.code(202).send(body);
}

/** The raw bytes kept by the server's content-type parser; anything else means no JSON body came. */
function requireBody(request: FastifyRequest): Buffer {
  if (Buffer.isBuffer(request.body)) return request.body;
  throw new FirebreakError('FB_ERR_RECEIVER_CONTENT_TYPE', 'expected a JSON body with Content-Type: application/json');
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (error) {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_JSON', `body is not valid JSON: ${(error as Error).message}`);
  }
}

function lowerCaseHeaders(request: FastifyRequest): Record<string, string | undefined> {
  // Node already lower-cases header names; joined values keep NormalizeBody's string-only contract.
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
