import { z } from 'zod';
import { compileRegex } from '../domain/compile-regex.js';
import { FirebreakError } from '../errors/catalogue.js';

/** A silence as a person asks for it (CLI or `POST /silences`), before it is checked. */
export const silenceRequestSchema = z.strictObject({
  matchers: z.record(z.string(), z.string()),
  startsAt: z.string().trim().optional(),
  endsAt: z.string().trim(),
  comment: z.string().trim().min(1, 'say why (a comment is required)').max(1000),
  createdBy: z.string().trim().min(1, 'say who (required)').max(200),
  dryRun: z.boolean().optional(),
});

export type SilenceRequest = z.infer<typeof silenceRequestSchema>;

/** A checked silence: every matcher compiles, the window is real and not over. */
export interface SilenceSpec {
  matchers: Record<string, string>;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function bad(message: string): FirebreakError {
  return new FirebreakError('FB_ERR_BAD_ARGUMENT', message);
}

/** An ISO-8601 time with its offset (`2025-06-02T08:00:00Z`), or `now`. A time without an offset is ambiguous. */
export function parseTime(text: string, now: Date, field: string): Date {
  if (text.trim().toLowerCase() === 'now') return new Date(now);
  if (!ISO_TIME.test(text.trim())) throw bad(`${field}: expected an ISO-8601 time with its offset (2025-06-02T08:00:00Z) or "now", got "${text}"`);
  return new Date(text.trim());
}

/** A duration as `90m`, `2h`, `1h30m`, `1d`, `45s`. */
export function parseDuration(text: string, field = '--for'): number {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  const [days, hours, minutes, seconds] = (match?.slice(1) ?? []).map((part) => Number(part ?? 0));
  const total = (((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0);
  if (match === null || text.trim() === '' || total <= 0) throw bad(`${field}: expected a duration such as 90m, 2h, 1h30m or 1d, got "${text}"`);
  return total * 1000;
}

/** `label=regex` as the CLI's `--match` takes it (the regex may itself contain `=`). */
export function parseMatcher(text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw bad(`--match: expected label=regex, got "${text}"`);
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

/**
 * Checks a silence request: at least one matcher, label names as Prometheus writes them, every regex compiles the
 * way the noise filter compiles it (JavaScript syntax; a leading `(?i)` for case-insensitive), the window ends after it starts and not
 * in the past. Every problem is a FB_ERR_BAD_ARGUMENT naming the field.
 */
export function checkSilence(request: SilenceRequest, now: Date): SilenceSpec {
  const entries = Object.entries(request.matchers);
  if (entries.length === 0) throw bad('matchers: at least one label=regex is needed (a silence of everything is refused)');
  for (const [name, pattern] of entries) {
    if (!LABEL_NAME.test(name)) throw bad(`matchers.${name}: not a label name`);
    if (pattern === '') throw bad(`matchers.${name}: the regex is empty`);
    try {
      compileRegex(pattern);
    } catch (error) {
      throw bad(`matchers.${name}: invalid regex (${(error as Error).message})`);
    }
  }
  const startsAt = request.startsAt === undefined ? new Date(now) : parseTime(request.startsAt, now, 'startsAt');
  const endsAt = parseTime(request.endsAt, now, 'endsAt');
  if (endsAt.getTime() <= startsAt.getTime()) throw bad(`endsAt: ${endsAt.toISOString()} is not after startsAt ${startsAt.toISOString()}`);
  if (endsAt.getTime() <= now.getTime() && request.dryRun !== true) throw bad(`endsAt: ${endsAt.toISOString()} is already past`);
  return { matchers: Object.fromEntries(entries), startsAt, endsAt, comment: request.comment, createdBy: request.createdBy };
}
