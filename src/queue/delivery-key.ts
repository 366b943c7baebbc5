import { hash } from 'node:crypto';

/** An id the sender gave its delivery, usable as a BullMQ job id (no `:`, bounded length). */
const SAFE_ID = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * How long the same body counts as the same delivery. A sender's retry and each Alertmanager HA replica's copy of
 * a notification arrive within seconds to minutes; the same bytes later are a new notification, not a retry:
 * legacy Grafana bodies carry no time or id, so the "OK" of a rule's every episode is byte for byte the same.
 */
export const REDELIVERY_WINDOW_MS = 10 * 60 * 1000;

/**
 * The job id of a delivery: the sender's own delivery id when it has one (Sentry's `Request-ID`), else a sha256 of
 * the source, the raw body and the redelivery window it was received in, so the same body sent twice in a short
 * while (a retry, or each Alertmanager HA replica sending the same notification) is one job. Two copies that fall
 * either side of a window's edge become two jobs: the second is then a `repeat` of the alert, never a second
 * incident.
 * @example deliveryKey('sentry', raw, new Date(), '69857a887a9142cfacee3878f2c1d276') // 'sentry-69857a887a9142cfacee3878f2c1d276'
 */
export function deliveryKey(source: string, rawBody: Buffer, receivedAt: Date, senderId?: string): string {
  if (senderId !== undefined && SAFE_ID.test(senderId)) return `${source}-${senderId}`;
  const window = Math.floor(receivedAt.getTime() / REDELIVERY_WINDOW_MS);
  // One-shot crypto.hash: a Hash object and its three updates cost more than hashing a body of a few hundred bytes.
  return `${source}-${hash('sha256', Buffer.concat([Buffer.from(`${source}\u0000${window}\u0000`), rawBody]), 'hex')}`;
}
