import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorReporter } from '../../src/daemon/error-reporting.js';
import { createLogger } from '../../src/logging/logger.js';
import { LogSink } from '../http/support/test-daemon.js';

/** A local server speaking just enough of Sentry's ingestion API (the envelope endpoint) to record what arrives. */
let server: Server;
let port = 0;
const received: Array<{ url: string; body: string }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ url: request.url ?? '', body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('error reporting', () => {
  it('sends an unexpected error to Sentry when SENTRY_DSN is set, and logs it', async () => {
    const logs = new LogSink();
    const reporter = await createErrorReporter(`http://publickey@127.0.0.1:${port}/42`, createLogger({ destination: logs }));
    reporter.report(new Error('queue wiring exploded'), { requestId: 'r-1' });
    await reporter.flush();
    const envelope = received.find((entry) => entry.url.startsWith('/api/42/envelope/'));
    expect(envelope?.body).toContain('queue wiring exploded');
    expect(logs.lines.find((line) => line.msg === 'unexpected error')).toMatchObject({ requestId: 'r-1', level: 50 });
  });

  it('only logs without a DSN', async () => {
    const logs = new LogSink();
    const before = received.length;
    const reporter = await createErrorReporter(undefined, createLogger({ destination: logs }));
    reporter.report(new Error('no dsn'));
    await reporter.flush();
    expect(received.length).toBe(before);
    expect(logs.lines).toHaveLength(1);
  });
});
