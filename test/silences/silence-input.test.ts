import { describe, expect, it } from 'vitest';
import { FirebreakError } from '../../src/errors/catalogue.js';
import { checkSilence, parseDuration, parseMatcher, parseTime, type SilenceRequest } from '../../src/silences/silence-input.js';
import { silenceMatches } from '../../src/silences/silence-matches.js';

const NOW = new Date('2025-06-02T08:00:00Z');
const request = (overrides: Partial<SilenceRequest>): SilenceRequest => ({ matchers: { service: '^orders$' }, endsAt: '2025-06-02T10:00:00Z', comment: 'db upgrade', createdBy: 'ana', ...overrides });

function refusal(work: () => unknown): FirebreakError {
  try {
    work();
  } catch (error) {
    if (error instanceof FirebreakError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('silence input', () => {
  describe('when a duration is given', () => {
    it('reads days, hours, minutes and seconds', () => {
      expect(parseDuration('90m')).toBe(5_400_000);
      expect(parseDuration('1h30m')).toBe(5_400_000);
      expect(parseDuration('1d')).toBe(86_400_000);
      expect(parseDuration('45s')).toBe(45_000);
    });

    it('refuses what is not one, naming --for', () => {
      for (const text of ['', '0m', '2 hours', 'h', '-1h']) expect(refusal(() => parseDuration(text)).message).toMatch(/^--for: /);
    });
  });

  describe('when a matcher is given as label=regex', () => {
    it('splits at the first =, so the regex may hold one', () => {
      expect(parseMatcher('query=a=b')).toEqual(['query', 'a=b']);
      expect(refusal(() => parseMatcher('=x')).code).toBe('FB_ERR_BAD_ARGUMENT');
      expect(refusal(() => parseMatcher('service')).message).toContain('label=regex');
    });
  });

  describe('when a time is given', () => {
    it('takes ISO-8601 with its offset or "now", and refuses a time without an offset', () => {
      expect(parseTime('2025-06-02T10:00:00+02:00', NOW, 'endsAt').toISOString()).toBe('2025-06-02T08:00:00.000Z');
      expect(parseTime('now', NOW, 'startsAt')).toEqual(NOW);
      expect(refusal(() => parseTime('2025-06-02 10:00', NOW, 'endsAt')).message).toMatch(/^endsAt: /);
    });
  });

  describe('when a silence is checked', () => {
    it('starts now unless told otherwise', () => {
      expect(checkSilence(request({}), NOW)).toEqual({ matchers: { service: '^orders$' }, startsAt: NOW, endsAt: new Date('2025-06-02T10:00:00Z'), comment: 'db upgrade', createdBy: 'ana' });
    });

    it('refuses one with no matcher (it would silence everything)', () => {
      expect(refusal(() => checkSilence(request({ matchers: {} }), NOW)).message).toMatch(/^matchers: /);
    });

    it('refuses a regex that does not compile, naming its label', () => {
      const error = refusal(() => checkSilence(request({ matchers: { service: 'orders', alertname: 'Disk(' } }), NOW));
      expect(error.message).toMatch(/^matchers\.alertname: invalid regex/);
    });

    it('takes a leading (?i) flag, as playbooks and the noise filter do', () => {
      expect(checkSilence(request({ matchers: { service: '(?i)orders' } }), NOW).matchers).toEqual({ service: '(?i)orders' });
    });

    it('refuses a label name Prometheus would not write', () => {
      expect(refusal(() => checkSilence(request({ matchers: { 'team-name': 'x' } }), NOW)).message).toMatch(/^matchers\.team-name: not a label name/);
    });

    it('refuses a window that ends before it starts, or is over', () => {
      expect(refusal(() => checkSilence(request({ startsAt: '2025-06-02T11:00:00Z' }), NOW)).message).toMatch(/^endsAt: .* is not after startsAt/);
      expect(refusal(() => checkSilence(request({ startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-06-01T06:00:00Z' }), NOW)).message).toMatch(/already past/);
    });

    it('lets a dry run look at a window in the past', () => {
      const spec = checkSilence(request({ startsAt: '2025-06-01T00:00:00Z', endsAt: '2025-06-01T06:00:00Z', dryRun: true }), NOW);
      expect(spec.endsAt.toISOString()).toBe('2025-06-01T06:00:00.000Z');
    });
  });

  describe('silence matching', () => {
    it('needs every matcher to match, reading `service` from the alert when no label has that name', () => {
      expect(silenceMatches({ service: '^orders$', alertname: 'Node' }, { alertname: 'NodeDown', app: 'orders' }, 'orders')).toBe(true);
      expect(silenceMatches({ service: '^orders$', alertname: 'Disk' }, { alertname: 'NodeDown' }, 'orders')).toBe(false);
      expect(silenceMatches({ team: 'db' }, { alertname: 'NodeDown' }, 'orders')).toBe(false);
      expect(silenceMatches({ service: 'orders' }, { service: 'orders-eu' }, null)).toBe(true);
    });
  });
});
