/**
 * `npm run bench:import`: rows/s of `importHistory` for 10,000 generated incidents (JSONL, realistic sizes:
 * symptom, impact, root cause, 1-3 countermeasures, 0-2 remediations) into PGlite (in a temporary folder) and
 * into PostgreSQL (a fresh database on TEST_DATABASE_URL), then a re-import of the same file (nothing changes).
 * Prints figures; asserts nothing about speed.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importHistory } from '../../src/import/import-history.js';
import { createTestDatabase, type StoreKind } from '../support/databases.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const SERVICES = ['checkout', 'catalog', 'search', 'billing', 'payouts', 'auth', 'api', 'mail-scheduler'];
const CATEGORIES = ['deployment', 'application-bug', 'traffic', 'infrastructure', 'third-party', 'configuration', 'unknown'];
const SEVERITIES = ['minor', 'minor', 'minor', 'major', 'major', 'critical'];

function generate(count: number): string {
  const lines: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const service = SERVICES[n % SERVICES.length] ?? 'api';
    const start = Date.UTC(2021, 0, 1) + n * 47 * 60_000;
    const at = (minutes: number): string => new Date(start + minutes * 60_000).toISOString();
    lines.push(
      JSON.stringify({
        id: `B-${String(n).padStart(5, '0')}`,
        title: `${service}: error rate above 5% after release ${n % 97}`,
        service,
        severity: SEVERITIES[n % SEVERITIES.length],
        status: n % 7 === 0 ? 'false_positive' : 'resolved',
        impact_started_at: at(0),
        detected_at: at(4 + (n % 30)),
        resolved_at: at(60 + (n % 240)),
        symptom: `Error rate on ${service} jumped from 0.1% to 5%; the error spike alert fired two minutes after the rollout.`,
        impact: `Some customers of ${service} hit errors for about ${20 + (n % 60)} minutes until the fix.`,
        root_cause: `Regression shipped in release ${n % 97}: a query referenced a column the migration had not added yet.`,
        category: CATEGORIES[n % CATEGORIES.length],
        countermeasures: Array.from({ length: 1 + (n % 3) }, (_, k) => ({ at: at(10 + k * 7), action: ['Rolled back', 'Scaled out', 'Restarted pods'][k], worked: k !== 1 })),
        remediations: Array.from({ length: n % 3 }, (_, k) => ({ title: `Follow-up ${k} for ${service}`, owner: 'team-platform', due: '2024-01-15', status: k === 0 ? 'done' : 'open' })),
        playbook: n % 5 === 0 ? 'bad-deploy-error-spike' : null,
        tags: [service, 'deploy'],
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function bench(kind: StoreKind, file: string): Promise<void> {
  const database = await createTestDatabase(kind);
  try {
    let started = performance.now();
    const first = await importHistory(database.db, file);
    const firstSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const again = await importHistory(database.db, file);
    const againSeconds = (performance.now() - started) / 1000;
    console.log(
      `${kind.padEnd(8)} import   ${first.imported} rows in ${firstSeconds.toFixed(2)} s = ${Math.round(first.imported / firstSeconds)} rows/s` +
        `\n${kind.padEnd(8)} re-import ${again.unchanged} unchanged in ${againSeconds.toFixed(2)} s = ${Math.round(again.rows / againSeconds)} rows/s`,
    );
  } finally {
    await database.drop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'firebreak-bench-import-'));
try {
  const file = join(dir, 'history.jsonl');
  writeFileSync(file, generate(ROWS));
  console.log(`bench:import: ${ROWS} generated incidents, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB of JSONL`);
  for (const kind of ['pglite', 'postgres'] as const) await bench(kind, file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
