import * as chrono from 'chrono-node';

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a date the way spreadsheets and exports write them, as an ISO-8601 instant, or null when it cannot.
 * ISO 8601 (with or without `T`, seconds or zone; no zone means UTC), a date alone (midnight UTC), epoch
 * seconds or milliseconds, and the formats people type (`March 28, 2023 10:03 AM`, `28.03.2023 10:03`,
 * `28/03/2023`, RFC 2822) through chrono-node in strict mode: relative words like "yesterday" are refused,
 * because an incident log's times must not depend on the day it is imported.
 *
 * @example readDate('28.03.2023 10:03') // '2023-03-28T10:03:00.000Z'
 */
export function readDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));
  if (ISO_LIKE.test(text)) {
    const normalised = DATE_ONLY.test(text)
      ? `${text}T00:00:00Z`
      : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)
        ? text.replace(' ', 'T')
        : `${text.replace(' ', 'T')}Z`;
    const time = Date.parse(normalised);
    if (Number.isNaN(time) || !dayExists(text.slice(0, 10))) return null;
    return new Date(time).toISOString();
  }
  const results = chrono.strict.parse(text, { instant: new Date(0), timezone: 'UTC' }, { forwardDate: false });
  const first = results[0];
  // The whole text must be the date: "fixed on 2023-03-28 maybe" is not a date.
  if (results.length !== 1 || first === undefined || first.text.length < text.replace(/[.,\s]+$/, '').length - 1) return null;
  const start = first.start;
  // A day without a time is that day's midnight UTC, not chrono's implied noon.
  if (!start.isCertain('hour')) {
    return new Date(Date.UTC(start.get('year') ?? 1970, (start.get('month') ?? 1) - 1, start.get('day') ?? 1)).toISOString();
  }
  return start.date().toISOString();
}

/** The `YYYY-MM-DD` of a date written in any form `readDate` reads, or null. */
export function readDay(value: unknown): string | null {
  const iso = readDate(value);
  return iso === null ? null : iso.slice(0, 10);
}

function fromEpoch(value: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  const millis = value < 1e11 ? value * 1000 : value;
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Date.parse rolls 2023-02-30 over to March 2; a day that does not exist is refused instead. */
function dayExists(day: string): boolean {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, date));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === date;
}
