import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogSource, type LogSourceConfig } from '../../src/logs/create-log-source.js';
import { startElasticsearch, startLoki, type LogApiServer, type StoredEntry } from './log-api-servers.js';

const at = new Date('2024-05-01T10:00:00Z');
const query = { services: ['checkout'], at, beforeSeconds: 600, afterSeconds: 300, limit: 50 };
const LOKI_TOKEN = 'loki-token-4f1c9a';
const ES_TOKEN = 'es-token-b7d2e0';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-composite-'));
const logFile = join(dir, 'app.jsonl');
writeFileSync(
  logFile,
  [
    JSON.stringify({ time: '2024-05-01T09:57:00Z', service: 'checkout', message: 'file: pool exhausted' }),
    JSON.stringify({ time: '2024-05-01T09:57:30Z', service: 'payments', message: 'file: other service' }),
  ].join('\n'),
);
const lokiEntries: StoredEntry[] = [
  { at: '2024-05-01T09:59:00Z', labels: { service: 'checkout' }, line: 'loki: upstream timeout' },
  { at: '2024-05-01T09:30:00Z', labels: { service: 'checkout' }, line: 'loki: outside the window' },
];
const esEntries: StoredEntry[] = [
  { at: '2024-05-01T10:01:00Z', labels: { service: 'checkout' }, line: 'es: retrying' },
  { at: '2024-05-01T09:58:00Z', labels: { service: 'payments' }, line: 'es: other service' },
];

function config(overrides: Partial<LogSourceConfig>): LogSourceConfig {
  return {
    FIREBREAK_LOG_FILES: [],
    LOKI_URL: undefined,
    LOKI_SERVICE_LABEL: 'service',
    LOKI_TOKEN: undefined,
    ELASTICSEARCH_URL: undefined,
    ELASTICSEARCH_INDEX: 'logs-*',
    ELASTICSEARCH_SERVICE_FIELD: 'service',
    ELASTICSEARCH_TOKEN: undefined,
    FIREBREAK_LOG_TIMEOUT_MS: 2000,
    ...overrides,
  };
}

/** A port nothing listens on: bound, read, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('composite log source', () => {
  let loki: LogApiServer;
  let es: LogApiServer;
  beforeAll(async () => {
    [loki, es] = await Promise.all([startLoki(lokiEntries), startElasticsearch(esEntries)]);
  });
  afterAll(() => Promise.all([loki.close(), es.close()]));

  // The default timeout: the first fetch of a process loads Node's HTTP client, which a shorter one may not cover
  // on a busy machine.
  const all = (timeoutMs = 2000) =>
    createLogSource(config({ FIREBREAK_LOG_FILES: [logFile], LOKI_URL: loki.url, LOKI_TOKEN, ELASTICSEARCH_URL: es.url, ELASTICSEARCH_TOKEN: ES_TOKEN, FIREBREAK_LOG_TIMEOUT_MS: timeoutMs }));

  it('is null when no log source is configured', () => {
    expect(createLogSource(config({}))).toBeNull();
  });

  it('merges every source\'s lines for the service by time', async () => {
    const result = await all()!.around(query);
    expect(result.errors).toEqual([]);
    expect(result.lines.map((line) => line.line)).toEqual(['file: pool exhausted', 'loki: upstream timeout', 'es: retrying']);
    expect(result.lines.map((line) => line.source)).toEqual([`file ${logFile}`, `loki (${new URL(loki.url).host})`, `elasticsearch (${new URL(es.url).host})`]);
  });

  it('caps the merged lines to the limit, keeping those nearest the alert', async () => {
    const result = await all()!.around({ ...query, limit: 2 });
    expect(result.lines.map((line) => line.line)).toEqual(['loki: upstream timeout', 'es: retrying']);
  });

  describe('when a source fails', () => {
    it('names a source answering 500 and one that never answers, without their tokens, and returns the others\' lines', async () => {
      loki.behaviour = 'fail';
      es.behaviour = 'hang';
      try {
        const result = await all(1000)!.around(query);
        expect(result.lines.map((line) => line.line)).toEqual(['file: pool exhausted']);
        expect(result.errors).toHaveLength(2);
        expect(result.errors.find((error) => error.startsWith('loki'))).toMatch(/HTTP 500/);
        expect(result.errors.find((error) => error.startsWith('elasticsearch'))).toMatch(/no answer within 1000 ms/);
        for (const error of result.errors) {
          expect(error).not.toContain(LOKI_TOKEN);
          expect(error).not.toContain(ES_TOKEN);
        }
        // The tokens were sent: they are absent from the errors because they are kept out, not because unused.
        expect(loki.requests.some((request) => request.headers.authorization === `Bearer ${LOKI_TOKEN}`)).toBe(true);
      } finally {
        loki.behaviour = 'ok';
        es.behaviour = 'ok';
      }
    }, 10_000);

    it('redacts a token the API echoes back in its error text', async () => {
      const echo = await startLoki([]);
      echo.behaviour = 'fail';
      const failing = createLogSource(config({ LOKI_URL: echo.url, LOKI_TOKEN: 'internal server error' }))!;
      try {
        const result = await failing.around(query);
        expect(result.errors).toEqual([`loki (${new URL(echo.url).host}): HTTP 500: [redacted]`]);
      } finally {
        await echo.close();
      }
    });

    it('names an unreachable server and a missing file', async () => {
      const port = await closedPort();
      const missing = join(dir, 'missing.log');
      const result = await createLogSource(config({ FIREBREAK_LOG_FILES: [missing], ELASTICSEARCH_URL: `http://user:pw-secret@127.0.0.1:${port}` }))!.around(query);
      expect(result.lines).toEqual([]);
      expect(result.errors).toEqual([`file ${missing}: no such file (ENOENT)`, `elasticsearch (127.0.0.1:${port}): unreachable (ECONNREFUSED)`]);
    });
  });
});
