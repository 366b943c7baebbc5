import { describe, expect, it } from 'vitest';
import { isoTime } from '../../../src/store/triage/sql-alert-context.js';

/** Times inside the alert context's JSON, made ISO strings as `new Date(value).toISOString()` makes them. */
describe('isoTime', () => {
  it.each([
    '2026-01-05T09:41:24.8219+00:00',
    '2026-01-05T09:41:24.8+00:00',
    '2026-01-05T09:41:24+00:00',
    '2026-01-05T09:41:24.999999+00:00',
    '1999-12-31T23:59:59.5+00:00',
    '2026-01-05T10:41:24.25+01:00',
    '2026-01-05T04:11:24.123-05:30',
  ])('reads %s as Date does', (value) => {
    expect(isoTime(value)).toBe(new Date(value).toISOString());
  });
});
