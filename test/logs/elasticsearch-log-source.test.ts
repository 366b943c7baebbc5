import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ElasticsearchLogSource } from '../../src/logs/elasticsearch-log-source.js';
import { logWindow } from '../../src/logs/log-backend.js';
import { startElasticsearch, type LogApiServer, type StoredEntry } from './log-api-servers.js';

const at = new Date('2024-05-01T10:00:00Z');
const window = logWindow({ services: ['checkout'], at, beforeSeconds: 600, afterSeconds: 300, limit: 50 });
const entries: StoredEntry[] = [
  { at: '2024-05-01T09:40:00Z', labels: { service: 'checkout' }, line: 'too early' },
  { at: '2024-05-01T09:55:00Z', labels: { service: 'checkout' }, line: 'pool exhausted' },
  { at: '2024-05-01T09:58:00Z', labels: { service: 'payments' }, line: 'other service' },
  { at: '2024-05-01T10:00:00Z', labels: { service: 'checkout' }, line: 'at the alert' },
  { at: '2024-05-01T10:02:00Z', labels: { service: 'checkout' }, line: 'retrying' },
  { at: '2024-05-01T10:05:00Z', labels: { service: 'checkout' }, line: 'at the end' },
  { at: '2024-05-01T10:20:00Z', labels: { service: 'checkout' }, line: 'too late' },
  { at: '2024-05-01T09:59:00Z', labels: { 'service.name': 'checkout' }, line: 'ecs document' },
];

describe('Elasticsearch log source', () => {
  let es: LogApiServer;
  beforeAll(async () => {
    es = await startElasticsearch(entries);
  });
  afterAll(() => es.close());

  const source = (serviceField: string, token?: string) =>
    new ElasticsearchLogSource({ url: es.url, index: 'logs-*', serviceField, token });

  it('returns the service\'s documents within the window, in time order, named after the source', async () => {
    const lines = await source('service').lines(window, new AbortController().signal);
    expect(lines.map((line) => line.line)).toEqual(['pool exhausted', 'at the alert', 'retrying', 'at the end']);
    expect(lines[1]).toEqual({ at: '2024-05-01T10:00:00.000Z', source: `elasticsearch (${new URL(es.url).host})`, service: 'checkout', line: 'at the alert' });
  });

  it('posts a bool query (range on @timestamp, term on the service field) with size, sort and the API key', async () => {
    es.requests.length = 0;
    await source('service', 'es-secret-key').lines(window, new AbortController().signal);
    expect(es.requests).toHaveLength(2);
    for (const request of es.requests) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/logs-*/_search');
      expect(request.headers.authorization).toBe('ApiKey es-secret-key');
      const body = JSON.parse(request.body);
      expect(body.size).toBe(50);
      expect(body.query.bool.filter).toContainEqual({ term: { service: 'checkout' } });
      expect(Object.keys(body.query.bool.filter[0].range)).toEqual(['@timestamp']);
    }
    const orders = es.requests.map((request) => JSON.parse(request.body).sort[0]['@timestamp'].order).sort();
    expect(orders).toEqual(['asc', 'desc']);
  });

  it('sends the user and password of a URL as basic auth (fetch refuses them in the URL)', async () => {
    es.requests.length = 0;
    const withUser = new ElasticsearchLogSource({ url: es.url.replace('http://', 'http://elastic:pa%40ss@'), index: 'logs-*', serviceField: 'service', token: undefined });
    const lines = await withUser.lines(window, new AbortController().signal);
    expect(lines).toHaveLength(4);
    expect(es.requests.map((request) => request.headers.authorization)).toEqual(Array(2).fill(`Basic ${Buffer.from('elastic:pa@ss').toString('base64')}`));
    expect(lines[0]?.source).toBe(`elasticsearch (${new URL(es.url).host})`);
  });

  it('reads a nested service field (ECS service.name) and a keyword sub-field', async () => {
    const ecs = await source('service.name').lines(window, new AbortController().signal);
    expect(ecs.map((line) => [line.line, line.service])).toEqual([['ecs document', 'checkout']]);
    const keyword = await source('service.keyword').lines({ ...window, services: ['checkout', 'payments'] }, new AbortController().signal);
    expect(keyword.map((line) => line.line)).toEqual(['pool exhausted', 'other service', 'at the alert', 'retrying', 'at the end']);
    expect(keyword.map((line) => line.service)).toContain('payments');
  });

  it('keeps the lines nearest the alert when there are more than the limit', async () => {
    const lines = await source('service').lines({ ...window, limit: 2 }, new AbortController().signal);
    expect(lines.map((line) => line.line)).toEqual(['at the alert', 'retrying']);
  });

  it('throws with the HTTP status when Elasticsearch answers an error', async () => {
    es.behaviour = 'fail';
    try {
      await expect(source('service').lines(window, new AbortController().signal)).rejects.toThrow(/HTTP 500/);
    } finally {
      es.behaviour = 'ok';
    }
  });
});
