/**
 * What one configured log source (a file, Loki, Elasticsearch) implements so that the composite source can query
 * them all alike. A backend may throw: the composite catches, times out and names it in `errors`, which keeps each
 * backend small and the "never throw, always return in time" guarantee of the LogSource port in one place.
 */
import type { LogLine } from '../../agents/ports/log-source.js';

/** The query every backend answers: the services' lines between `from` and `to` (inclusive), nearest `at` first kept. */
export interface LogWindow {
  services: string[];
  at: Date;
  from: Date;
  to: Date;
  limit: number;
}

export interface LogBackend {
  /** Names the source in `LogLine.source` and in errors: never a secret, never credentials of a URL. */
  readonly name: string;
  lines(window: LogWindow, signal: AbortSignal): Promise<LogLine[]>;
}

/** The window of a LogSource query. */
export function logWindow(query: { services: string[]; at: Date; beforeSeconds: number; afterSeconds: number; limit: number }): LogWindow {
  return {
    services: query.services,
    at: query.at,
    from: new Date(query.at.getTime() - Math.max(0, query.beforeSeconds) * 1000),
    to: new Date(query.at.getTime() + Math.max(0, query.afterSeconds) * 1000),
    limit: Math.max(0, Math.floor(query.limit)),
  };
}

/**
 * The `limit` lines nearest the alert's time, in time order. Around an alert the lines closest to it say the most,
 * so when there are too many the far ends of the window are dropped, not the middle.
 */
export function nearestInOrder(lines: readonly LogLine[], at: Date, limit: number): LogLine[] {
  const target = at.getTime();
  const kept = lines.length <= limit
    ? [...lines]
    : [...lines]
      .map((line) => ({ line, distance: Math.abs(Date.parse(line.at) - target) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, limit)
      .map((entry) => entry.line);
  return kept.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A host name for a source's label: `loki (logs.internal:3100)`, without the URL's user, password or query. */
export function sourceLabel(kind: string, url: string): string {
  return `${kind} (${new URL(url).host})`;
}

/** The ISO form of a time read from a log, or null when it is not a time. */
export function isoTime(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds or milliseconds, both seen in JSON logs.
    const ms = value < 1e11 ? value * 1000 : value;
    return new Date(ms).toISOString();
  }
  if (typeof value !== 'string' || value.length === 0) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The first of `fields` present, read as a flat key (`service.name`) or as a path into nested objects. */
export function pick(record: Record<string, unknown>, fields: readonly string[]): unknown {
  for (const field of fields) {
    const value = field in record ? record[field] : path(record, field);
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

function path(record: Record<string, unknown>, dotted: string): unknown {
  let current: unknown = record;
  for (const part of dotted.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The first of `fields` holding a non-empty string (`service` may be an object in ECS, `service.name` its text). */
export function pickText(record: Record<string, unknown>, fields: readonly string[]): string | null {
  for (const field of fields) {
    const value = pick(record, [field]);
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}
