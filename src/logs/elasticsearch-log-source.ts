/**
 * Log lines from Elasticsearch (or OpenSearch): `POST /{index}/_search` with a bool filter — a range on
 * `@timestamp` and a term on the service field (ELASTICSEARCH_SERVICE_FIELD; use `service.keyword` when the field is
 * analysed text, `service.name` for ECS). As with Loki the window is asked in two halves sorted outwards from the
 * alert's time, so `size` keeps the lines nearest it.
 *
 * @example new ElasticsearchLogSource({ url: 'http://es:9200', index: 'logs-*', serviceField: 'service.name', token })
 */
import { z } from 'zod';
import type { LogLine } from '../../agents/ports/log-source.js';
import { authorization, requestJson } from './http-json.js';
import { isoTime, nearestInOrder, pick, pickText, sourceLabel, type LogBackend, type LogWindow } from './log-backend.js';

const TIME_FIELD = '@timestamp';
const MESSAGE_FIELDS = ['message', 'log', 'msg', 'event.original'];

/** The part of a _search response read here: `hits.hits[]._source` (Elasticsearch search API). */
const searchResponse = z.object({
  hits: z.object({
    hits: z.array(z.object({ _source: z.record(z.string(), z.unknown()).optional() })),
  }),
});

export interface ElasticsearchOptions {
  url: string;
  index: string;
  serviceField: string;
  token: string | undefined;
}

export class ElasticsearchLogSource implements LogBackend {
  readonly name: string;

  constructor(private readonly options: ElasticsearchOptions) {
    this.name = sourceLabel('elasticsearch', options.url);
  }

  async lines(window: LogWindow, signal: AbortSignal): Promise<LogLine[]> {
    if (window.limit === 0) return [];
    const [before, after] = await Promise.all([
      this.search(window, { gte: window.from.toISOString(), lt: window.at.toISOString() }, 'desc', signal),
      this.search(window, { gte: window.at.toISOString(), lte: window.to.toISOString() }, 'asc', signal),
    ]);
    return nearestInOrder([...before, ...after], window.at, window.limit);
  }

  private async search(window: LogWindow, range: Record<string, string>, order: 'asc' | 'desc', signal: AbortSignal): Promise<LogLine[]> {
    const url = `${this.options.url.replace(/\/+$/, '')}/${encodeURIComponent(this.options.index)}/_search`;
    const body = JSON.stringify(searchBody(this.options.serviceField, window.services, range, order, window.limit));
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...authorization(this.options.token, 'ApiKey') };
    const parsed = searchResponse.safeParse(await requestJson(url, { method: 'POST', headers, body }, signal));
    if (!parsed.success) throw new Error(`unexpected _search response (${parsed.error.issues[0]?.path.join('.') ?? 'body'})`);
    // The term may name a keyword sub-field (`service.keyword`); the document holds the value under the parent.
    const sourceField = this.options.serviceField.replace(/\.keyword$/, '');
    const lines: LogLine[] = [];
    for (const hit of parsed.data.hits.hits) {
      const source = hit._source;
      if (source === undefined) continue;
      const at = isoTime(pick(source, [TIME_FIELD]));
      if (at === null) continue;
      lines.push({ at, source: this.name, service: pickText(source, [sourceField]), line: pickText(source, MESSAGE_FIELDS) ?? JSON.stringify(source) });
    }
    return lines;
  }
}

/** The _search request body: filters only (no scoring), sorted by time, no total count (it costs and is not read). */
export function searchBody(serviceField: string, services: readonly string[], range: Record<string, string>, order: 'asc' | 'desc', size: number): Record<string, unknown> {
  const filter: unknown[] = [{ range: { [TIME_FIELD]: { ...range, format: 'strict_date_optional_time' } } }];
  if (services.length === 1) filter.push({ term: { [serviceField]: services[0] } });
  else if (services.length > 1) filter.push({ terms: { [serviceField]: services } });
  return { size, sort: [{ [TIME_FIELD]: { order } }], track_total_hits: false, query: { bool: { filter } } };
}
