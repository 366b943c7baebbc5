import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares a secret the sender presented with the one configured, in time that does not depend on where they
 * differ. Strings of different lengths are compared against themselves first so the length is the only thing
 * the timing can tell.
 * @example safeEqual(request.headers.authorization, `Bearer ${token}`) // true | false
 */
export function safeEqual(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** Lower-case hex HMAC-SHA256 of `parts` concatenated, keyed by `secret` (UTF-8): what Sentry and Grafana send. */
export function hmacSha256Hex(secret: string, ...parts: Array<Buffer | string>): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** Whether a hex signature (any case, optional `sha256=` prefix) is the HMAC of the parts. */
export function signatureMatches(presented: string | undefined, secret: string, ...parts: Array<Buffer | string>): boolean {
  if (presented === undefined) return false;
  const hex = presented.trim().replace(/^sha256=/i, '').toLowerCase();
  return safeEqual(hex, hmacSha256Hex(secret, ...parts));
}
