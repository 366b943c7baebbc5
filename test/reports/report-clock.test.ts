import { describe, expect, it } from 'vitest';
import { isFirebreakError } from '../../src/errors/catalogue.js';
import { parseReportClock } from '../../src/reports/report-clock.js';

function refusal(options: { at?: string; tz?: string }): string {
  try {
    parseReportClock(options);
  } catch (error) {
    if (isFirebreakError(error, 'FB_ERR_BAD_ARGUMENT')) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('report clock (--at, --tz)', () => {
  it('takes now in UTC by default', () => {
    expect(parseReportClock({}, () => new Date('2024-03-13T09:00:00Z'))).toEqual({ at: '2024-03-13T09:00:00.000Z', timeZone: 'UTC' });
  });

  it('reads a bare date as its start in UTC, and a date-time with its offset', () => {
    expect(parseReportClock({ at: '2024-03-13' }).at).toBe('2024-03-13T00:00:00.000Z');
    expect(parseReportClock({ at: '2024-03-13T10:00:00+01:00', tz: 'Europe/Paris' })).toEqual({ at: '2024-03-13T09:00:00.000Z', timeZone: 'Europe/Paris' });
  });

  it('refuses what is not a date or a time zone, naming the option', () => {
    expect(refusal({ at: 'yesterday' })).toBe('--at: "yesterday" is not a date (expected YYYY-MM-DD or an ISO-8601 date-time)');
    expect(refusal({ at: '2024-02-30x' })).toBe('--at: "2024-02-30x" is not a date (expected YYYY-MM-DD or an ISO-8601 date-time)');
    expect(refusal({ tz: 'Mars/Olympus' })).toBe('--tz: unknown time zone "Mars/Olympus" (expected an IANA name such as Europe/Paris)');
  });
});
