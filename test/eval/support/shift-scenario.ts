import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ISO_TIME = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;

/** A time written as in the file, `byS` seconds later: its fraction and zone kept; Alertmanager's zero time (year 1) kept. */
function later(match: string, byS: number, ...parts: string[]): string {
  const [year, month, day, hour, minute, second, fraction = '', zone = ''] = parts;
  if (Number(year) < 1900) return match;
  const moved = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) + byS * 1000);
  return `${moved.toISOString().slice(0, 19)}${fraction}${zone}`;
}

/**
 * A copy of a scenario folder, in a new temporary folder, where everything happens `byS` seconds later: every ISO
 * time in every file (start, events' bodies, history, verdicts, silences, truth) is moved; the events' `t`, seconds
 * after the start, stay as they are.
 */
export function shiftScenario(dir: string, byS: number): string {
  const copy = mkdtempSync(join(tmpdir(), 'firebreak-scenario-shifted-'));
  cpSync(dir, copy, { recursive: true });
  const visit = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) visit(path);
      else writeFileSync(path, readFileSync(path, 'utf8').replace(ISO_TIME, (match, ...parts: string[]) => later(match, byS, ...parts.slice(0, 8))));
    }
  };
  visit(copy);
  return copy;
}
