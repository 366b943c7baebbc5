import { FirebreakError, isFirebreakError } from '../../errors/catalogue.js';
import { readDate } from '../../import/read-date.js';
import { parseDuration } from '../../silences/silence-input.js';

/** `--limit N`: a positive whole number, or FB_ERR_BAD_ARGUMENT naming the flag. */
export function parseLimit(text: string, flag = '--limit'): number {
  const limit = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(limit) || limit <= 0) {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${flag}: expected a positive whole number, got "${text}"`);
  }
  return limit;
}

/**
 * `--since 2h` (that long before `now`: 90m, 1h30m, 1d) or `--since 2025-06-02T08:00Z` (any date the incident log
 * reads; no zone is UTC).
 * @example parseSince('90m', new Date('2025-06-02T10:00:00Z')) // 2025-06-02T08:30:00.000Z
 */
export function parseSince(text: string, now: Date, flag = '--since'): Date {
  if (/^\s*(\d+[dhms])+\s*$/.test(text)) return new Date(now.getTime() - parseDuration(text, flag));
  const iso = readDate(text);
  if (iso === null) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${flag}: expected a duration (90m, 2h, 1d) or a date (2025-06-02T08:00Z), got "${text}"`);
  return new Date(iso);
}

/** A store's FB_ERR_BAD_ARGUMENT names its filter field (`since: ...`); the CLI user typed `--since`. */
export function asFlagError(error: unknown): unknown {
  if (isFirebreakError(error, 'FB_ERR_BAD_ARGUMENT') && /^[a-z]+: /.test(error.message)) {
    return new FirebreakError('FB_ERR_BAD_ARGUMENT', `--${error.message}`, error.context);
  }
  return error;
}
