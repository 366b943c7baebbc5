import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLogSource, parseLine } from '../../src/logs/file-log-source.js';
import { logWindow } from '../../src/logs/log-backend.js';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-logs-'));
const at = new Date('2024-05-01T10:00:00Z');
const window = logWindow({ services: ['checkout'], at, beforeSeconds: 600, afterSeconds: 300, limit: 50 });

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('file log source', () => {
  describe('with JSON lines', () => {
    const path = file('app.jsonl', [
      JSON.stringify({ time: '2024-05-01T09:40:00Z', service: 'checkout', message: 'too early' }),
      JSON.stringify({ time: '2024-05-01T10:02:00Z', service: 'checkout', message: 'retrying' }),
      JSON.stringify({ time: '2024-05-01T09:55:00Z', service: 'checkout', message: 'pool exhausted' }),
      JSON.stringify({ time: '2024-05-01T09:58:00Z', service: 'payments', message: 'other service' }),
      JSON.stringify({ '@timestamp': '2024-05-01T09:59:00Z', service: { name: 'checkout' }, message: 'ecs line' }),
      JSON.stringify({ time: Date.parse('2024-05-01T10:01:00Z'), app: 'checkout', msg: 'pino line' }),
      JSON.stringify({ time: '2024-05-01T10:20:00Z', service: 'checkout', message: 'too late' }),
      'not json and no time',
    ]);

    it('returns the service\'s lines within the window, sorted by time', async () => {
      const lines = await new FileLogSource(path).lines(window, new AbortController().signal);
      expect(lines.map((line) => line.line)).toEqual(['pool exhausted', 'ecs line', 'pino line', 'retrying']);
      expect(lines[0]).toEqual({ at: '2024-05-01T09:55:00.000Z', source: `file ${path}`, service: 'checkout', line: 'pool exhausted' });
    });

    it('returns every service\'s lines when no service is asked for', async () => {
      const lines = await new FileLogSource(path).lines({ ...window, services: [] }, new AbortController().signal);
      expect(lines.map((line) => line.line)).toContain('other service');
    });

    it('keeps the lines nearest the alert when there are more than the limit', async () => {
      const lines = await new FileLogSource(path).lines({ ...window, limit: 2 }, new AbortController().signal);
      expect(lines.map((line) => line.line)).toEqual(['ecs line', 'pino line']);
    });
  });

  describe('with plain lines', () => {
    const path = file('mixed.log', [
      '2024-05-01T09:30:00Z ERROR checkout: too early',
      '2024-05-01T09:56:00.250Z ERROR checkout: upstream timeout',
      '    at Socket.onTimeout (net.js:10)',
      '    at next (router.js:20)',
      '2024-05-01 10:01:00,500 +0000 WARN payments-api slow',
      '[2024-05-01T10:03:00+02:00] checkout: two hours earlier in UTC',
      '2024-05-01T10:04:00Z INFO checkoutservice is not the same word',
    ]);

    it('keeps the lines that mention the service, with their continuation lines', async () => {
      const lines = await new FileLogSource(path).lines(window, new AbortController().signal);
      expect(lines).toEqual([
        { at: '2024-05-01T09:56:00.250Z', source: `file ${path}`, service: null, line: 'ERROR checkout: upstream timeout\n    at Socket.onTimeout (net.js:10)\n    at next (router.js:20)' },
      ]);
    });

    it('reads comma decimals and offsets without a colon', async () => {
      const lines = await new FileLogSource(path).lines({ ...window, services: ['payments-api'] }, new AbortController().signal);
      expect(lines.map((line) => [line.at, line.line])).toEqual([['2024-05-01T10:01:00.500Z', 'WARN payments-api slow']]);
    });

    it('keeps every line of a file named after the service', async () => {
      const named = file('checkout.log', ['2024-05-01T09:59:00Z handler failed']);
      const lines = await new FileLogSource(named).lines(window, new AbortController().signal);
      expect(lines.map((line) => line.line)).toEqual(['handler failed']);
    });

    it('treats a line without a leading timestamp as a continuation', () => {
      expect(parseLine('ERROR no time here')).toBeNull();
    });
  });

  it('rejects when the file does not exist', async () => {
    await expect(new FileLogSource(join(dir, 'missing.log')).lines(window, new AbortController().signal)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
