import { createHash } from 'node:crypto';

/** An id the sender gave its delivery, usable as a BullMQ job id (no `:`, bounded length). */
const SAFE_ID = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * The job id of a delivery: the sender's own delivery id when it has one (Sentry's `Request-ID`), else a sha256 of
 * the source and the raw body, so the same body sent twice (a retry, or each Alertmanager HA replica sending the
 * same notification) is one job.
 * @example deliveryKey('sentry', raw, '69857a887a9142cfacee3878f2c1d276') // 'sentry-69857a887a9142cfacee3878f2c1d276'
 */
export function deliveryKey(source: string, rawBody: Buffer, senderId?: string): string {
  if (senderId !== undefined && SAFE_ID.test(senderId)) return `${source}-${senderId}`;
  return `${source}-${createHash('sha256').update(source).update('\u0000').update(rawBody).digest('hex')}`;
}
