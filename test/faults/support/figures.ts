import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where each fault test writes its figures (RELIABILITY.md quotes the latest run). */
export const FIGURES_DIR = process.env.FIREBREAK_FAULTS_FIGURES_DIR ?? join(tmpdir(), 'firebreak-faults');

/** Prints one fault test's figures and keeps them in FIGURES_DIR/<name>.json. */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  writeFileSync(join(FIGURES_DIR, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);
  console.log(`[faults] ${name}: ${JSON.stringify(figures)}`);
}
