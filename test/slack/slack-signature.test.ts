import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../src/slack/slack-signature.js';

const vector = JSON.parse(readFileSync('/work/shared/fixtures/slack/signing-test-vector.slack-docs.json', 'utf8')) as {
  signing_secret: string;
  x_slack_request_timestamp: string;
  raw_body: string;
  x_slack_signature: string;
};
const at = (seconds: number) => new Date(seconds * 1000);
const ts = Number(vector.x_slack_request_timestamp);

describe('Slack request signatures', () => {
  it("computes the signature of Slack's published test vector", () => {
    expect(signSlackRequest(vector.signing_secret, vector.x_slack_request_timestamp, vector.raw_body)).toBe(vector.x_slack_signature);
  });

  it('accepts the test vector at its own time and up to 5 minutes either way', () => {
    for (const skew of [0, 300, -300]) {
      expect(() => verifySlackSignature({ secret: vector.signing_secret, rawBody: vector.raw_body, timestamp: vector.x_slack_request_timestamp, signature: vector.x_slack_signature, now: at(ts + skew) })).not.toThrow();
    }
  });

  it('refuses a stale or pre-dated timestamp even with a valid signature', () => {
    for (const skew of [301, -301, 86_400]) {
      expect(() => verifySlackSignature({ secret: vector.signing_secret, rawBody: vector.raw_body, timestamp: vector.x_slack_request_timestamp, signature: vector.x_slack_signature, now: at(ts + skew) })).toThrow(
        expect.objectContaining({ code: 'FB_ERR_RECEIVER_STALE_TIMESTAMP' }),
      );
    }
  });

  it('refuses a forged body, a wrong secret, and a missing or malformed signature', () => {
    const base = { secret: vector.signing_secret, rawBody: vector.raw_body, timestamp: vector.x_slack_request_timestamp, signature: vector.x_slack_signature, now: at(ts) };
    const cases = [
      { ...base, rawBody: vector.raw_body.replace('roadrunner', 'coyote') },
      { ...base, secret: 'another-secret' },
      { ...base, signature: undefined },
      { ...base, signature: 'v1=abc' },
      { ...base, timestamp: undefined },
      { ...base, timestamp: String(ts + 1) },
    ];
    for (const input of cases) expect(() => verifySlackSignature(input)).toThrow(expect.objectContaining({ code: 'FB_ERR_RECEIVER_BAD_SIGNATURE' }));
  });
});
