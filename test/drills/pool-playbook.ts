import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes into `dir` the playbook the drill CLI tests rehearse: Alertmanager, checkout, a DBPool rule, a text. */
export function writePoolPlaybook(dir: string): void {
  writeFileSync(
    join(dir, 'pool.yaml'),
    [
      'id: db-pool-exhausted',
      'title: Database connection pool exhausted',
      'severity: major',
      'category: infrastructure',
      'match:',
      '  source: alertmanager',
      '  services: [checkout]',
      '  labels: { alertname: "^DBPool(Exhausted|Saturated)$" }',
      '  text: "(?i)connection pool"',
    ].join('\n'),
  );
}
