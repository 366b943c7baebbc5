import { FirebreakError } from '../../errors/catalogue.js';
import { safeEqual } from './constant-time.js';

/**
 * Bearer and basic credentials, as Alertmanager's `http_config`, Grafana's contact point and CI pipelines send
 * them. A basic secret is configured as `user:password`.
 */
export interface CredentialOptions {
  token?: string | undefined;
  basic?: string | undefined;
}

/** Whether any credential is configured; a receiver with none accepts unauthenticated posts (warned at start-up). */
export function hasCredentials(options: CredentialOptions): boolean {
  return options.token !== undefined || options.basic !== undefined;
}

/**
 * Accepts the request when its `Authorization` header carries one of the configured credentials; throws
 * FB_ERR_RECEIVER_BAD_TOKEN otherwise. Does nothing when none is configured.
 * @example checkCredentials(request.headers.authorization, { token: config.ALERTMANAGER_TOKEN }, 'alertmanager')
 */
export function checkCredentials(authorization: string | undefined, options: CredentialOptions, source: string): void {
  if (!hasCredentials(options)) return;
  const header = authorization?.trim();
  const space = header?.indexOf(' ') ?? -1;
  const scheme = space > 0 ? header!.slice(0, space).toLowerCase() : '';
  const value = space > 0 ? header!.slice(space + 1).trim() : undefined;
  let ok = false;
  if (options.token !== undefined && scheme === 'bearer') ok = safeEqual(value, options.token);
  if (!ok && options.basic !== undefined && scheme === 'basic' && value !== undefined) {
    ok = safeEqual(Buffer.from(value, 'base64').toString('utf8'), options.basic);
  }
  if (!ok) {
    const reason = header === undefined || header === '' ? 'Authorization header missing' : 'credentials do not match';
    throw new FirebreakError('FB_ERR_RECEIVER_BAD_TOKEN', `${reason}`, { source });
  }
}
