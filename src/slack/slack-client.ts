import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config/schema.js';

/**
 * The Web API client, pointed at SLACK_API_URL (Slack's own by default; tests and checks point it at a local
 * server). Its own retries are off: retries belong to the outbox, which knows whether a post may already have
 * happened and looks it up before posting again; an in-client retry after a lost response would post twice.
 */
export function createSlackClient(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'> & Partial<Pick<Config, 'FIREBREAK_SLACK_TIMEOUT_MS'>>): WebClient {
  return new WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: config.FIREBREAK_SLACK_TIMEOUT_MS ?? 10_000,
    logLevel: LogLevel.ERROR,
    // The endpoint is fixed by configuration; a method name never turns into another URL.
    allowAbsoluteUrls: false,
  });
}

/** How a failed Slack call should be treated by the outbox. */
export interface SlackFailure {
  /** `later`: certainly not done, retry after `retryAfterS`; `unknown`: it may have been done (look it up first);
   *  `never`: Slack refused it for good. */
  kind: 'later' | 'unknown' | 'never';
  retryAfterS: number;
  reason: string;
}

const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Classifies a Web API error: 429 is retried after its Retry-After; 5xx and network errors may have reached Slack,
 * so they are retried with backoff after a lookup; other errors (`channel_not_found`, `invalid_blocks`) are not.
 * The reason never carries the token or the request body.
 */
export function classifySlackError(error: unknown, attempts: number): SlackFailure {
  const backoff = Math.min(300, 2 ** Math.max(0, attempts - 1) * 2);
  const coded = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (coded.code) {
    case ErrorCode.RateLimitedError:
      return { kind: 'later', retryAfterS: Math.max(1, coded.retryAfter ?? 30), reason: `rate limited (Retry-After ${coded.retryAfter ?? '?'} s)` };
    case ErrorCode.HTTPError: {
      const status = coded.statusCode ?? 0;
      if (status >= 500) return { kind: 'unknown', retryAfterS: backoff, reason: `HTTP ${status}` };
      return { kind: 'never', retryAfterS: 0, reason: `HTTP ${status}` };
    }
    case ErrorCode.RequestError:
      return { kind: 'unknown', retryAfterS: backoff, reason: 'request failed (network or timeout)' };
    case ErrorCode.PlatformError: {
      const name = coded.data?.error ?? 'unknown_error';
      if (TRANSIENT_PLATFORM_ERRORS.has(name)) return { kind: 'unknown', retryAfterS: backoff, reason: name };
      return { kind: 'never', retryAfterS: 0, reason: name };
    }
    default:
      return { kind: 'unknown', retryAfterS: backoff, reason: (error as Error)?.message?.slice(0, 200) ?? 'unknown error' };
  }
}
