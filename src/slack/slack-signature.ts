import { createHmac, timingSafeEqual } from 'node:crypto';
import { FirebreakError } from '../errors/catalogue.js';

/**
 * Verifies a request from Slack: `X-Slack-Signature` must be `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`
 * under the signing secret, compared in constant time; `X-Slack-Request-Timestamp` must be within `windowS`
 * seconds of now, either way (a replayed or pre-dated request is refused even with a valid signature).
 * Throws FB_ERR_RECEIVER_BAD_SIGNATURE or FB_ERR_RECEIVER_STALE_TIMESTAMP.
 *
 * @example verifySlackSignature({ secret, rawBody, timestamp: headers['x-slack-request-timestamp'], signature: headers['x-slack-signature'], now: new Date() })
 */
export function verifySlackSignature(input: { secret: string; rawBody: string; timestamp: string | undefined; signature: string | undefined; now: Date; windowS?: number }): void {
  const windowS = input.windowS ?? 300;
  if (input.timestamp === undefined || !/^\d{1,12}$/.test(input.timestamp)) {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'missing or malformed X-Slack-Request-Timestamp', { source: 'slack' });
  }
  if (input.signature === undefined || !/^v0=[0-9a-f]{64}$/.test(input.signature)) {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'missing or malformed X-Slack-Signature', { source: 'slack' });
  }
  const skew = Math.abs(Math.floor(input.now.getTime() / 1000) - Number(input.timestamp));
  if (skew > windowS) {
    throw new FirebreakError('FB_ERR_RECEIVER_STALE_TIMESTAMP', `X-Slack-Request-Timestamp is ${skew} s away from now (limit ${windowS} s)`, { source: 'slack' });
  }
  const expected = Buffer.from(signSlackRequest(input.secret, input.timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(input.signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'X-Slack-Signature does not match the signing secret', { source: 'slack' });
  }
}

/** The signature Slack sends for a body: `v0=` + hex(HMAC-SHA256(secret, `v0:${timestamp}:${body}`)). */
export function signSlackRequest(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}
