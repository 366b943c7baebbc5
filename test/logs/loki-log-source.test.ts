import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logWindow } from '../../src/logs/log-backend.js';
import { LokiLogSource, logqlSelector } from '../../src/logs/loki-log-source.js';
import { startLoki, type LogApiServer, type StoredEntry } from './log-api-servers.js';

const at = new Date('2024-05-01T10:00:00Z');
const window = logWindow({ services: ['checkout'], at, beforeSeconds: 600, afterSeconds: 300, limit: 50 });
const entries: StoredEntry[] = [
  { at: '2024-05-01T09:40:00Z', labels: { service: 'checkout' }, line: 'too early' },
  { at: '2024-05-01T09:55:00Z', labels: { service: 'checkout' }, line: 'pool exhausted' },
  { at: '2024-05-01T09:58:00Z', labels: { service: 'payments' }, line: 'other service' },
  { at: '2024-05-01T10:00:00Z', labels: { service: 'checkout' }, line: 'at the alert' },
  { at: '2024-05-01T10:02:00Z', labels: { service: 'checkout', pod: 'b' }, line: 'retrying' },
  { at: '2024-05-01T10:05:00Z', labels: { service: 'checkout' }, line: 'at the end' },
  { at: '2024-05-01T10:20:00Z', labels: { service: 'checkout' }, line: 'too late' },
  { at: '2024-05-01T09:59:00Z', labels: { service: 'api.v2' }, line: 'dotted service' },
  { at: '2024-05-01T09:59:00Z', labels: { service: 'apixv2' }, line: 'regex look-alike' },
  { at: '2024-05-01T09:59:30Z', labels: { service: 'say "hi"' }, line: 'quoted service' },
  { at: '2024-05-01T09:59:00Z', labels: { app: 'checkout' }, line: 'app label' },
];

describe('Loki log source', () => {
  let loki: LogApiServer;
  beforeAll(async () => {
    loki = await startLoki(entries);
  });
  afterAll(() => loki.close());

  it('returns the service\'s lines within the window, in time order, named after the source', async () => {
    const source = new LokiLogSource({ url: loki.url, serviceLabel: 'service', token: undefined });
    const lines = await source.lines(window, new AbortController().signal);
    expect(lines.map((line) => line.line)).toEqual(['pool exhausted', 'at the alert', 'retrying', 'at the end']);
    expect(lines[0]).toEqual({ at: '2024-05-01T09:55:00.000Z', source: `loki (${new URL(loki.url).host})`, service: 'checkout', line: 'pool exhausted' });
  });

  it('asks query_range with the selector, nanosecond bounds, limit and direction, and the bearer token', async () => {
    loki.requests.length = 0;
    const source = new LokiLogSource({ url: `${loki.url}/`, serviceLabel: 'service', token: 'loki-secret-token' });
    await source.lines(window, new AbortController().signal);
    expect(loki.requests).toHaveLength(2);
    const params = loki.requests.map((request) => new URL(request.url, 'http://x').searchParams);
    expect(params.map((p) => p.get('direction')).sort()).toEqual(['backward', 'forward']);
    expect(params.every((p) => p.get('query') === '{service="checkout"}' && p.get('limit') === '50')).toBe(true);
    const backward = params.find((p) => p.get('direction') === 'backward');
    expect(backward?.get('start')).toBe(String(BigInt(at.getTime() - 600_000) * 1_000_000n));
    expect(backward?.get('end')).toBe(String(BigInt(at.getTime()) * 1_000_000n));
    expect(loki.requests.every((request) => request.headers.authorization === 'Bearer loki-secret-token')).toBe(true);
  });

  it('uses the configured label name', async () => {
    const source = new LokiLogSource({ url: loki.url, serviceLabel: 'app', token: undefined });
    const lines = await source.lines(window, new AbortController().signal);
    expect(lines.map((line) => line.line)).toEqual(['app label']);
  });

  it('escapes service names so they match only themselves', async () => {
    const source = new LokiLogSource({ url: loki.url, serviceLabel: 'service', token: undefined });
    const dotted = await source.lines({ ...window, services: ['api.v2', 'say "hi"'] }, new AbortController().signal);
    expect(dotted.map((line) => line.line)).toEqual(['dotted service', 'quoted service']);
    const quoted = await source.lines({ ...window, services: ['say "hi"'] }, new AbortController().signal);
    expect(quoted.map((line) => line.line)).toEqual(['quoted service']);
    expect(logqlSelector('service', ['a\\b'])).toBe('{service="a\\\\b"}');
  });

  it('keeps the lines nearest the alert when there are more than the limit', async () => {
    const source = new LokiLogSource({ url: loki.url, serviceLabel: 'service', token: undefined });
    const lines = await source.lines({ ...window, limit: 2 }, new AbortController().signal);
    expect(lines.map((line) => line.line)).toEqual(['at the alert', 'retrying']);
  });

  it('throws with the HTTP status when Loki answers an error', async () => {
    loki.behaviour = 'fail';
    try {
      const source = new LokiLogSource({ url: loki.url, serviceLabel: 'service', token: undefined });
      await expect(source.lines(window, new AbortController().signal)).rejects.toThrow(/HTTP 500/);
    } finally {
      loki.behaviour = 'ok';
    }
  });
});
