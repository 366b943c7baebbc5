/**
 * Log lines from Grafana Loki's HTTP API: `GET /loki/api/v1/query_range` with a LogQL stream selector on the
 * service label (LOKI_SERVICE_LABEL, default `service`). Loki keeps `limit` lines from one end of the range, so
 * the window is asked in two halves, each from the alert's time outwards (backward before it, forward after it):
 * the lines nearest the alert come back even when the window holds many more.
 *
 * @example new LokiLogSource({ url: 'http://loki:3100', serviceLabel: 'app', token: undefined })
 */
import { z } from 'zod';
import type { LogLine } from '../../agents/ports/log-source.js';
import { authorization, requestJson } from './http-json.js';
import { nearestInOrder, sourceLabel, type LogBackend, type LogWindow } from './log-backend.js';

/** A streams result of query_range (Loki HTTP API): values are [nanosecond timestamp string, line, metadata?]. */
const queryRangeResponse = z.object({
  status: z.string(),
  data: z.object({
    resultType: z.string(),
    result: z.array(
      z.object({
        stream: z.record(z.string(), z.string()).default({}),
        values: z.array(z.tuple([z.string(), z.string()], z.unknown())),
      }),
    ),
  }),
});

export interface LokiOptions {
  url: string;
  serviceLabel: string;
  token: string | undefined;
}

export class LokiLogSource implements LogBackend {
  readonly name: string;

  constructor(private readonly options: LokiOptions) {
    this.name = sourceLabel('loki', options.url);
  }

  async lines(window: LogWindow, signal: AbortSignal): Promise<LogLine[]> {
    if (window.limit === 0) return [];
    const query = logqlSelector(this.options.serviceLabel, window.services);
    const atNs = nanoseconds(window.at);
    // Loki's range is [start, end): the "before" half ends just short of the alert, the "after" half includes `to`.
    const [before, after] = await Promise.all([
      this.queryRange(query, nanoseconds(window.from), atNs, 'backward', window.limit, signal),
      this.queryRange(query, atNs, nanoseconds(window.to) + 1n, 'forward', window.limit, signal),
    ]);
    return nearestInOrder([...before, ...after], window.at, window.limit);
  }

  private async queryRange(query: string, start: bigint, end: bigint, direction: 'forward' | 'backward', limit: number, signal: AbortSignal): Promise<LogLine[]> {
    if (end <= start) return [];
    const params = new URLSearchParams({ query, start: String(start), end: String(end), limit: String(limit), direction });
    const url = `${this.options.url.replace(/\/+$/, '')}/loki/api/v1/query_range?${params.toString()}`;
    const body = await requestJson(url, { method: 'GET', headers: { accept: 'application/json', ...authorization(this.options.token, 'Bearer') } }, signal);
    const parsed = queryRangeResponse.safeParse(body);
    if (!parsed.success) throw new Error(`unexpected query_range response (${parsed.error.issues[0]?.path.join('.') ?? 'body'})`);
    if (parsed.data.data.resultType !== 'streams') throw new Error(`query_range answered ${parsed.data.data.resultType}, expected streams`);
    const lines: LogLine[] = [];
    for (const stream of parsed.data.data.result) {
      const service = stream.stream[this.options.serviceLabel] ?? null;
      for (const [ns, line] of stream.values) {
        if (!/^\d+$/.test(ns)) continue;
        lines.push({ at: new Date(Number(BigInt(ns) / 1_000_000n)).toISOString(), source: this.name, service, line });
      }
    }
    return lines;
  }
}

/**
 * The LogQL stream selector for these services: `{service="checkout"}`, `{service=~"checkout|payments"}` for
 * several (Loki anchors the regex), `{service=~".+"}` for any. Values are escaped twice when they go in a regex:
 * as regex text, then as a LogQL double-quoted string, so a service name can never change the query.
 */
export function logqlSelector(label: string, services: readonly string[]): string {
  if (services.length === 0) return `{${label}=~".+"}`;
  if (services.length === 1) return `{${label}="${quoteLogql(services[0] ?? '')}"}`;
  const regex = services.map((service) => service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return `{${label}=~"${quoteLogql(regex)}"}`;
}

function quoteLogql(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

function nanoseconds(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n;
}
