import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';

/**
 * The receivers that would accept posts from anyone with the current configuration (no secret or token set for
 * them). Allowed, for a first local run, but never silently.
 */
export function unauthenticatedReceivers(config: Config): string[] {
  const open: string[] = [];
  if (config.SENTRY_CLIENT_SECRET === undefined && config.SENTRY_LEGACY_TOKEN === undefined) open.push('sentry');
  if (config.GRAFANA_HMAC_SECRET === undefined && config.GRAFANA_TOKEN === undefined && config.GRAFANA_BASIC_AUTH === undefined) open.push('grafana');
  if (config.ALERTMANAGER_TOKEN === undefined && config.ALERTMANAGER_BASIC_AUTH === undefined) open.push('alertmanager');
  if (config.CHANGES_TOKEN === undefined) open.push('changes');
  return open;
}

export function warnUnauthenticatedReceivers(config: Config, logger: Logger): void {
  for (const receiver of unauthenticatedReceivers(config)) {
    logger.warn({ receiver }, `POST /webhooks/${receiver} accepts unauthenticated posts: no secret or token is configured for it`);
  }
}
