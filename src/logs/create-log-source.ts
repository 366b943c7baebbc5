/**
 * Builds the daemon's LogSource from its configuration: one backend per file of FIREBREAK_LOG_FILES, Loki when
 * LOKI_URL is set, Elasticsearch when ELASTICSEARCH_URL is set, all behind one CompositeLogSource. Returns null when
 * no log source is configured, so triage skips the log step instead of reporting an empty one.
 *
 * @example const logs = createLogSource(loadConfig()); // LogSource | null, for the triage pipeline's `logs` port
 */
import type { LogSource } from '../../agents/ports/log-source.js';
import type { Config } from '../config/schema.js';
import { CompositeLogSource } from './composite-log-source.js';
import { ElasticsearchLogSource } from './elasticsearch-log-source.js';
import { FileLogSource } from './file-log-source.js';
import type { LogBackend } from './log-backend.js';
import { LokiLogSource } from './loki-log-source.js';

export type LogSourceConfig = Pick<
  Config,
  | 'FIREBREAK_LOG_FILES'
  | 'LOKI_URL'
  | 'LOKI_SERVICE_LABEL'
  | 'LOKI_TOKEN'
  | 'ELASTICSEARCH_URL'
  | 'ELASTICSEARCH_INDEX'
  | 'ELASTICSEARCH_SERVICE_FIELD'
  | 'ELASTICSEARCH_TOKEN'
  | 'FIREBREAK_LOG_TIMEOUT_MS'
>;

export function createLogSource(config: LogSourceConfig): LogSource | null {
  const backends: LogBackend[] = config.FIREBREAK_LOG_FILES.map((path) => new FileLogSource(path));
  if (config.LOKI_URL !== undefined) {
    backends.push(new LokiLogSource({ url: config.LOKI_URL, serviceLabel: config.LOKI_SERVICE_LABEL, token: config.LOKI_TOKEN }));
  }
  if (config.ELASTICSEARCH_URL !== undefined) {
    backends.push(
      new ElasticsearchLogSource({
        url: config.ELASTICSEARCH_URL,
        index: config.ELASTICSEARCH_INDEX,
        serviceField: config.ELASTICSEARCH_SERVICE_FIELD,
        token: config.ELASTICSEARCH_TOKEN,
      }),
    );
  }
  if (backends.length === 0) return null;
  const passwords = [config.LOKI_URL, config.ELASTICSEARCH_URL].map((url) => (url === undefined ? '' : decodeURIComponent(new URL(url).password)));
  const secrets = [config.LOKI_TOKEN, config.ELASTICSEARCH_TOKEN, ...passwords].filter((secret): secret is string => secret !== undefined && secret !== '');
  return new CompositeLogSource(backends, { timeoutMs: config.FIREBREAK_LOG_TIMEOUT_MS, secrets });
}
