import type { Alert } from '../../domain/alert.js';

/**
 * The pure half of a receiver: a parsed JSON body (and the request headers, lower-cased names) in, normalised
 * alerts out. No authentication and no I/O, so the evaluation command replays scenario bodies through exactly
 * the code that serves HTTP. Throws FirebreakError FB_ERR_RECEIVER_SCHEMA (naming the JSON path) or
 * FB_ERR_RECEIVER_UNSUPPORTED. Returns [] for deliveries that are acknowledged and ignored (Sentry
 * `installation`, `comment`).
 */
export type NormalizeBody = (body: unknown, headers: Record<string, string | undefined>, receivedAt: Date) => Alert[];
