import type { Config } from '../../config/schema.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { checkCredentials } from './credentials.js';
import { signatureMatches } from './constant-time.js';
import { header } from './sentry-auth.js';

type GrafanaAuthConfig = Pick<
  Config,
  'GRAFANA_HMAC_SECRET' | 'GRAFANA_HMAC_HEADER' | 'GRAFANA_HMAC_TIMESTAMP_HEADER' | 'GRAFANA_TOKEN' | 'GRAFANA_BASIC_AUTH' | 'FIREBREAK_REPLAY_WINDOW_S'
>;

/**
 * Grafana authentication (grafana/alerting `http/hmac.go`): when `GRAFANA_HMAC_SECRET` is set, the signature
 * header (default `X-Grafana-Alerting-Signature`) must hold the hex HMAC-SHA256 of `[timestamp ":"] body`; with a
 * timestamp header configured, the timestamp (Unix seconds) must be within the replay window either way. When a
 * token or basic credentials are configured, `Authorization` must carry one of them too. Each configured method
 * is required; none configured accepts unauthenticated posts.
 */
export function authenticateGrafana(
  request: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer },
  config: GrafanaAuthConfig,
  now: Date,
): void {
  const secret = config.GRAFANA_HMAC_SECRET;
  if (secret !== undefined) {
    const headerName = config.GRAFANA_HMAC_HEADER.toLowerCase();
    const signature = header(request.headers, headerName);
    if (signature === undefined) throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', `${config.GRAFANA_HMAC_HEADER} header missing`, { source: 'grafana' });
    const timestampHeader = config.GRAFANA_HMAC_TIMESTAMP_HEADER;
    if (timestampHeader === undefined) {
      if (!signatureMatches(signature, secret, request.rawBody)) {
        throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', `${config.GRAFANA_HMAC_HEADER} does not match the body`, { source: 'grafana' });
      }
    } else {
      const timestamp = header(request.headers, timestampHeader.toLowerCase());
      if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp.trim())) {
        throw new FirebreakError('FB_ERR_RECEIVER_STALE_TIMESTAMP', `${timestampHeader} header missing or not Unix seconds`, { source: 'grafana' });
      }
      // Checked after the signature, so a forged timestamp is reported as a bad signature, not as stale.
      if (!signatureMatches(signature, secret, `${timestamp.trim()}:`, request.rawBody)) {
        throw new FirebreakError('FB_ERR_RECEIVER_BAD_SIGNATURE', `${config.GRAFANA_HMAC_HEADER} does not match the timestamp and body`, { source: 'grafana' });
      }
      const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
      if (skew > config.FIREBREAK_REPLAY_WINDOW_S) {
        throw new FirebreakError('FB_ERR_RECEIVER_STALE_TIMESTAMP', `${timestampHeader} is ${Math.round(skew)} s from now (window ${config.FIREBREAK_REPLAY_WINDOW_S} s)`, {
          source: 'grafana',
        });
      }
    }
  }
  checkCredentials(header(request.headers, 'authorization'), { token: config.GRAFANA_TOKEN, basic: config.GRAFANA_BASIC_AUTH }, 'grafana');
}
