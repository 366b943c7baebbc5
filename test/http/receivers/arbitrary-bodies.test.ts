import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFirebreakError } from '../../../src/errors/catalogue.js';
import { normalizeAlertmanager } from '../../../src/http/receivers/alertmanager.js';
import { normalizeChange } from '../../../src/http/receivers/changes.js';
import { normalizeGrafana } from '../../../src/http/receivers/grafana.js';
import { normalizeSentry } from '../../../src/http/receivers/sentry.js';

const receivedAt = new Date('2026-01-01T00:00:00Z');
const resources = fc.constantFrom(undefined, 'issue', 'event_alert', 'metric_alert', 'error', 'installation', 'comment', 'seer', 'nonsense');

/** Bodies shaped a little like the real ones (known keys, any values) and not at all (any JSON). */
const bodies = fc.oneof(
  fc.jsonValue(),
  fc.record({ action: fc.jsonValue(), data: fc.dictionary(fc.constantFrom('issue', 'event', 'error', 'metric_alert', 'triggered_rule'), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record({ version: fc.jsonValue(), status: fc.jsonValue(), alerts: fc.oneof(fc.jsonValue(), fc.array(fc.dictionary(fc.constantFrom('status', 'labels', 'annotations', 'startsAt', 'endsAt', 'fingerprint'), fc.jsonValue()))) }, { requiredKeys: [] }),
  fc.record({ ruleName: fc.jsonValue(), state: fc.jsonValue(), tags: fc.jsonValue(), evalMatches: fc.jsonValue() }, { requiredKeys: [] }),
  fc.record({ service: fc.jsonValue(), kind: fc.constantFrom('deploy', 'hotfix', 'x'), at: fc.jsonValue() }, { requiredKeys: [] }),
);

/** Runs `work`; anything it throws must be a catalogued receiver error (a 400), never a crash or a 500. */
function onlyReceiverErrors(work: () => unknown): void {
  try {
    work();
  } catch (error) {
    expect(isFirebreakError(error, 'FB_ERR_RECEIVER_SCHEMA') || isFirebreakError(error, 'FB_ERR_RECEIVER_UNSUPPORTED'), String(error)).toBe(true);
  }
}

describe('normalisers given arbitrary bodies', () => {
  it('either normalise or refuse with a receiver error, for every source', () => {
    fc.assert(
      fc.property(bodies, resources, (body, resource) => {
        onlyReceiverErrors(() => normalizeSentry(body, resource === undefined ? {} : { 'sentry-hook-resource': resource }, receivedAt));
        onlyReceiverErrors(() => normalizeGrafana(body, {}, receivedAt));
        onlyReceiverErrors(() => normalizeAlertmanager(body, {}, receivedAt));
        onlyReceiverErrors(() => normalizeChange(body, receivedAt));
      }),
      { numRuns: 2000 },
    );
  });
});
