import type { Config } from '../../config/schema.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { safeEqual, signatureMatches } from './constant-time.js';

/** What the Sentry receiver needs to know about one request to authenticate it. */
export interface SentryRequestAuth {
  headers: Record<string, string | string[] | undefined>;
  /** `?token=` of the URL (legacy WebHooks plugin). */
  token: string | undefined;
  rawBody: Buffer;
}

/**
 * Sentry authentication:
 * - integration platform: `Sentry-Hook-Signature` (or `Sentry-App-Signature`, which the official example also
 *   accepts) is the hex HMAC-SHA256 of the raw request bytes keyed by the client secret. The timestamp header is
 *   not signed, so replays are stopped by deduplicating on `Request-ID`, not by a window.
 * - legacy WebHooks plugin: unsigned and without `Sentry-Hook-*` headers; accepted only on a URL carrying the
 *   configured `SENTRY_LEGACY_TOKEN` (`/webhooks/sentry?token=...`).
 * With neither secret configured the receiver accepts unauthenticated posts (the daemon warns at start-up).
 */
export function authenticateSentry(request: SentryRequestAuth, config: Pick<Config, 'SENTRY_CLIENT_SECRET' | 'SENTRY_LEGACY_TOKEN'>): void {
  const signature = header(request.headers, 'sentry-hook-signature') ?? header(request.headers, 'sentry-app-signature');
  const platform = signature !== undefined || header(request.headers, 'sentry-hook-resource') !== undefined;
  const secret = config.SENTRY_CLIENT_SECRET;
  const legacyToken = config.SENTRY_LEGACY_TOKEN;

  if (platform && request.token === undefined) {
    if (secret === undefined) {
      if (legacyToken === undefined) return;
      throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'SENTRY_CLIENT_SECRET is not configured, so signed deliveries cannot be verified', { source: 'sentry' });
    }
    if (signature === undefined) throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'Sentry-Hook-Signature header missing', { source: 'sentry' });
    if (!signatureMatches(signature, secret, request.rawBody)) {
      throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'Sentry-Hook-Signature does not match the body', { source: 'sentry' });
    }
    return;
  }
  // Unsigned: the legacy plugin, allowed only with the URL token.
  if (legacyToken !== undefined) {
    if (!safeEqual(request.token, legacyToken)) {
      const reason = request.token === undefined ? 'token query parameter missing' : 'token does not match';
      throw new FirebreakError('FB_ERR_RECEIVER_BAD_TOKEN', `legacy Sentry webhook: ${reason}`, { source: 'sentry' });
    }
    return;
  }
  if (secret !== undefined) {
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', 'Sentry-Hook-Signature header missing (the legacy plugin needs SENTRY_LEGACY_TOKEN)', { source: 'sentry' });
  }
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}
