import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, FirebreakError, isFirebreakError, type ErrorCode } from '../errors/catalogue.js';
import type { DaemonContext } from '../daemon/daemon-context.js';

/** Seconds a sender is asked to wait before retrying when the queue cannot take its alert. */
export const RETRY_AFTER_S = 5;

/** The JSON body of every refusal: the catalogue code, a message naming what was wrong, and the request id. */
export interface ErrorBody {
  error: ErrorCode;
  message: string;
  requestId: string;
}

/** Fastify's own errors (body parsing, size, media type) mapped onto the catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'FB_ERR_RECEIVER_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'FB_ERR_RECEIVER_CONTENT_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'FB_ERR_RECEIVER_BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'FB_ERR_RECEIVER_BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'FB_ERR_RECEIVER_BAD_JSON',
  FST_ERR_NOT_FOUND: 'FB_ERR_NOT_FOUND',
};

/** Any thrown value as a FirebreakError: catalogued ones as they are, fastify's mapped, the rest internal. */
export function toFirebreakError(error: unknown): FirebreakError {
  if (isFirebreakError(error)) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const mapped = typeof code === 'string' ? FASTIFY_CODES[code] : undefined;
  if (mapped !== undefined) return new FirebreakError(mapped, (error as Error).message);
  const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  if (status === 413) return new FirebreakError('FB_ERR_RECEIVER_TOO_LARGE', 'body over the size limit');
  if (status === 415) return new FirebreakError('FB_ERR_RECEIVER_CONTENT_TYPE', 'unsupported content type');
  return new FirebreakError('FB_ERR_INTERNAL', 'internal error', {}, { cause: error });
}

/**
 * Answers a refused request: status from the catalogue, JSON error body, `Retry-After` on 503, one log line
 * (source, reason, request id) and one count on `firebreak_webhooks_refused_total{source,reason}`. Unexpected
 * errors are also reported (Sentry when configured); their message is not sent back.
 */
export function refuse(context: DaemonContext, request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
  let error = toFirebreakError(thrown);
  if (error.code === 'FB_ERR_RECEIVER_CONTENT_TYPE' && !isFirebreakError(thrown)) {
    const sent = request.headers['content-type'] ?? 'none';
    error = new FirebreakError('FB_ERR_RECEIVER_CONTENT_TYPE', `Content-Type ${sent} is not accepted: send application/json`);
  }
  if (error.code === 'FB_ERR_RECEIVER_TOO_LARGE' && !isFirebreakError(thrown)) {
    error = new FirebreakError('FB_ERR_RECEIVER_TOO_LARGE', `body over the ${context.config.FIREBREAK_BODY_LIMIT}-byte limit (FIREBREAK_BODY_LIMIT)`);
  }
  const source = sourceOf(request);
  const status = error.status ?? ERROR_CATALOGUE[error.code].status ?? 500;
  const body: ErrorBody = { error: error.code, message: error.code === 'FB_ERR_INTERNAL' ? 'internal error' : error.message, requestId: String(request.id) };
  if (error.code === 'FB_ERR_INTERNAL') {
    context.reportError(error.cause ?? error, { source, requestId: String(request.id), url: request.routeOptions.url ?? null });
  }
  if (source !== null) {
    context.metrics.webhooksRefused.inc({ source, reason: error.code });
    context.logger.warn({ source, reason: error.code, requestId: request.id, status, detail: error.message, ...error.context }, 'webhook refused');
  } else if (status >= 500) {
    context.logger.warn({ reason: error.code, requestId: request.id, status, url: request.url.split('?')[0] }, 'request failed');
  }
  if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_S));
  return reply.code(status).type('application/json').send(body);
}

/**
 * The receiver a request was for (`/webhooks/<source>`; `unknown` for any other path under /webhooks, so the
 * metric's label stays bounded), or null for routes that are not webhooks.
 */
export function sourceOf(request: FastifyRequest): string | null {
  const path = request.url.split('?', 1)[0] ?? '';
  if (!path.startsWith('/webhooks/')) return null;
  const match = /^\/webhooks\/(sentry|grafana|alertmanager|changes)\/?$/.exec(path);
  return match?.[1] ?? 'unknown';
}
