/**
 * Log lines from a local file (FIREBREAK_LOG_FILES). Two formats are read, line by line, without loading the file
 * whole: JSON lines carrying a time, a service and a message (the field names the common loggers use: pino, bunyan,
 * logrus, ECS), and plain lines that begin with an ISO-8601 timestamp. A plain line has no service field, so it is
 * kept when it (or the file's name) mentions one of the services asked for.
 *
 * @example new FileLogSource('/var/log/checkout.log').lines(window, signal)
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { LogLine } from '../../agents/ports/log-source.js';
import { isoTime, nearestInOrder, pick, pickText, type LogBackend, type LogWindow } from './log-backend.js';

const TIME_FIELDS = ['time', 'timestamp', '@timestamp', 'ts'];
const SERVICE_FIELDS = ['service', 'service.name', 'app'];
const MESSAGE_FIELDS = ['message', 'msg', 'log'];
/** A leading timestamp, optionally in brackets: `2024-05-01T10:00:00.123Z`, `2024-05-01 10:00:00,123 +0200`. */
const LEADING_TIME = /^\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?Z|\s?[+-]\d{2}:?\d{2})?)\]?\s*/;
/** A stack trace's lines carry no time of their own: they are kept with the line they continue, up to this many. */
const MAX_CONTINUATION_LINES = 20;

interface Entry {
  at: string;
  service: string | null;
  text: string;
}

export class FileLogSource implements LogBackend {
  readonly name: string;

  constructor(private readonly path: string) {
    this.name = `file ${path}`;
  }

  async lines(window: LogWindow, signal: AbortSignal): Promise<LogLine[]> {
    const wanted = window.services.map((service) => service.toLowerCase());
    const fileMentions = wanted.some((service) => mentions(basename(this.path).toLowerCase(), service));
    const from = window.from.getTime();
    const to = window.to.getTime();
    const found: LogLine[] = [];
    let last: { line: LogLine; continued: number } | null = null;
    const reader = createInterface({ input: createReadStream(this.path, { encoding: 'utf8', signal }), crlfDelay: Infinity });
    for await (const raw of reader) {
      if (raw.trim().length === 0) continue;
      const entry = parseLine(raw);
      if (entry === null) {
        if (last !== null && last.continued < MAX_CONTINUATION_LINES) {
          last.line.line += `\n${raw}`;
          last.continued += 1;
        }
        continue;
      }
      last = null;
      const time = Date.parse(entry.at);
      if (time < from || time > to) continue;
      if (!matchesService(entry, wanted, fileMentions)) continue;
      const line: LogLine = { at: entry.at, source: this.name, service: entry.service, line: entry.text };
      found.push(line);
      last = { line, continued: 0 };
    }
    return nearestInOrder(found, window.at, window.limit);
  }
}

function matchesService(entry: Entry, wanted: string[], fileMentions: boolean): boolean {
  if (wanted.length === 0) return true;
  if (entry.service !== null) return wanted.includes(entry.service.toLowerCase());
  return fileMentions || wanted.some((service) => mentions(entry.text.toLowerCase(), service));
}

/** `service` appears in `text` as a whole word (so `api` is found in `payments-api:` but not in `rapid`). */
function mentions(text: string, service: string): boolean {
  let index = text.indexOf(service);
  while (index !== -1) {
    const before = text[index - 1];
    const after = text[index + service.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
    index = text.indexOf(service, index + 1);
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9_]/.test(char);
}

/** One line of a log file, or null when it has no time of its own (a continuation line). */
export function parseLine(raw: string): Entry | null {
  const trimmed = raw.trim();
  if (trimmed.startsWith('{')) {
    const json = parseJson(trimmed);
    if (json !== null) {
      const at = isoTime(pick(json, TIME_FIELDS));
      if (at === null) return null;
      return { at, service: pickText(json, SERVICE_FIELDS), text: pickText(json, MESSAGE_FIELDS) ?? trimmed };
    }
  }
  const match = LEADING_TIME.exec(trimmed);
  if (match === null || match[1] === undefined) return null;
  const stamp = match[1].replace(' ', 'T').replace(',', '.').replace(/\s/g, '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = isoTime(stamp);
  if (at === null) return null;
  return { at, service: null, text: trimmed.slice(match[0].length) };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
