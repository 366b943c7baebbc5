/**
 * Real HTTP servers that answer as Loki's `GET /loki/api/v1/query_range` and Elasticsearch's `POST /{index}/_search`
 * do, over a list of stored log entries. They evaluate the request as the real API would (LogQL selector, ns range
 * [start, end), limit and direction; bool filter with range/term/terms, sort and size), so a wrong query built by
 * the adapter returns wrong lines and the test fails. Each records the requests it got.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredEntry {
  at: string;
  labels: Record<string, string>;
  line: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** `ok` answers, `fail` answers 500, `hang` never answers. */
export type Behaviour = 'ok' | 'fail' | 'hang';

export interface LogApiServer {
  url: string;
  requests: RecordedRequest[];
  behaviour: Behaviour;
  close(): Promise<void>;
}

async function start(answer: (request: RecordedRequest, response: ServerResponse) => void): Promise<LogApiServer> {
  const sockets = new Set<import('node:net').Socket>();
  const state: { behaviour: Behaviour } = { behaviour: 'ok' };
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      if (state.behaviour === 'hang') return;
      if (state.behaviour === 'fail') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal server error');
        return;
      }
      answer(recorded, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value: Behaviour) {
      state.behaviour = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A Loki answering query_range with a streams result (values: [ns string, line]). */
export function startLoki(entries: StoredEntry[]): Promise<LogApiServer> {
  return start((request, res) => {
    const url = new URL(request.url, 'http://loki');
    if (request.method !== 'GET' || url.pathname !== '/loki/api/v1/query_range') return json(res, 404, { message: 'not found' });
    const selector = /^\{([A-Za-z_][A-Za-z0-9_]*)(=~|=)"((?:[^"\\]|\\.)*)"\}$/.exec(url.searchParams.get('query') ?? '');
    if (selector === null) return json(res, 400, { message: 'parse error' });
    const [, label = '', op, quoted = ''] = selector;
    const value = JSON.parse(`"${quoted}"`) as string;
    const matches = op === '=' ? (v: string | undefined) => v === value : (v: string | undefined) => new RegExp(`^(?:${value})$`).test(v ?? '');
    const start = BigInt(url.searchParams.get('start') ?? '0');
    const end = BigInt(url.searchParams.get('end') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? '100');
    const backward = (url.searchParams.get('direction') ?? 'backward') === 'backward';
    const picked = entries
      .map((entry) => ({ entry, ns: BigInt(Date.parse(entry.at)) * 1_000_000n }))
      .filter(({ entry, ns }) => matches(entry.labels[label]) && ns >= start && ns < end)
      .sort((a, b) => (a.ns === b.ns ? 0 : (a.ns < b.ns) !== backward ? -1 : 1))
      .slice(0, limit);
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const { entry, ns } of picked) {
      const key = JSON.stringify(entry.labels);
      const stream = streams.get(key) ?? { stream: entry.labels, values: [] };
      stream.values.push([String(ns), entry.line]);
      streams.set(key, stream);
    }
    json(res, 200, { status: 'success', data: { resultType: 'streams', result: [...streams.values()], stats: {} } });
  });
}

/** An Elasticsearch answering _search with `hits.hits[]._source` documents ({ @timestamp, message, ...labels }). */
export function startElasticsearch(entries: StoredEntry[]): Promise<LogApiServer> {
  return start((request, res) => {
    const url = new URL(request.url, 'http://es');
    if (request.method !== 'POST' || !url.pathname.endsWith('/_search')) return json(res, 404, { error: 'no handler' });
    const body = JSON.parse(request.body) as {
      size: number;
      sort: Array<Record<string, { order: 'asc' | 'desc' }>>;
      query: { bool: { filter: Array<Record<string, Record<string, unknown>>> } };
    };
    const documents = entries.map((entry) => ({ '@timestamp': entry.at, message: entry.line, ...nest(entry.labels) }));
    const kept = documents.filter((document) =>
      body.query.bool.filter.every((clause) => {
        const [kind, spec] = Object.entries(clause)[0] ?? [];
        const [field, condition] = Object.entries(spec ?? {})[0] ?? [];
        const actual = read(document, String(field).replace(/\.keyword$/, ''));
        if (kind === 'range') {
          const bounds = condition as { gte?: string; gt?: string; lt?: string; lte?: string };
          const t = Date.parse(String(actual));
          return (bounds.gte === undefined || t >= Date.parse(bounds.gte)) && (bounds.gt === undefined || t > Date.parse(bounds.gt))
            && (bounds.lt === undefined || t < Date.parse(bounds.lt)) && (bounds.lte === undefined || t <= Date.parse(bounds.lte));
        }
        if (kind === 'term') return actual === condition;
        if (kind === 'terms') return (condition as unknown[]).includes(actual);
        throw new Error(`unsupported clause ${String(kind)}`);
      }),
    );
    const order = body.sort[0]?.['@timestamp']?.order ?? 'asc';
    kept.sort((a, b) => (Date.parse(a['@timestamp']) - Date.parse(b['@timestamp'])) * (order === 'asc' ? 1 : -1));
    const hits = kept.slice(0, body.size).map((source, index) => ({ _index: 'logs-1', _id: String(index), _score: null, _source: source, sort: [Date.parse(source['@timestamp'])] }));
    json(res, 200, { took: 1, timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { max_score: null, hits } });
  });
}

/** `{ 'service.name': 'x' }` becomes `{ service: { name: 'x' } }`, as ECS documents hold it. */
function nest(labels: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(labels)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1] ?? key] = value;
  }
  return out;
}

function read(document: Record<string, unknown>, field: string): unknown {
  if (field in document) return document[field];
  let node: unknown = document;
  for (const part of field.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}
