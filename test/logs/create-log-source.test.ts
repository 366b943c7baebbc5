import { describe, expect, it } from 'vitest';
import { configuredSecrets, loadConfig } from '../../src/config/load-config.js';
import { createLogSource } from '../../src/logs/create-log-source.js';

describe('log source configuration', () => {
  it('has defaults for the Loki label, the Elasticsearch index and field, and the timeout', () => {
    const config = loadConfig({});
    expect(config.FIREBREAK_LOG_FILES).toEqual([]);
    expect([config.LOKI_SERVICE_LABEL, config.ELASTICSEARCH_INDEX, config.ELASTICSEARCH_SERVICE_FIELD, config.FIREBREAK_LOG_TIMEOUT_MS]).toEqual(['service', 'logs-*', 'service', 2000]);
    expect(createLogSource(config)).toBeNull();
  });

  it('builds a log source from the environment and treats the tokens as secrets', () => {
    const config = loadConfig({
      FIREBREAK_LOG_FILES: '/var/log/a.log, /var/log/b.log',
      LOKI_URL: 'http://loki:3100',
      LOKI_TOKEN: 'loki-token-123',
      ELASTICSEARCH_URL: 'http://es:9200',
      ELASTICSEARCH_TOKEN: 'es-token-456',
    });
    expect(config.FIREBREAK_LOG_FILES).toEqual(['/var/log/a.log', '/var/log/b.log']);
    expect(createLogSource(config)).not.toBeNull();
    expect(configuredSecrets(config)).toEqual(expect.arrayContaining(['loki-token-123', 'es-token-456']));
  });

  it('refuses a Loki label name that LogQL cannot hold unquoted, naming the variable', () => {
    expect(() => loadConfig({ LOKI_SERVICE_LABEL: 'service"}' })).toThrow(/LOKI_SERVICE_LABEL/);
    expect(() => loadConfig({ FIREBREAK_LOG_TIMEOUT_MS: '0' })).toThrow(/FIREBREAK_LOG_TIMEOUT_MS/);
  });
});
