import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string>();
const preparedNames = new Map<string, string>();
const plannedPerCallTexts = new Set<string>();

/**
 * A statement file with this line is planned anew for each call's values, never prepared once and reused: its
 * best plan depends on them too much (a generic plan made the similar-incident search several times slower).
 */
const PLANNED_PER_CALL = /^-- firebreak: planned per call$/m;

/**
 * The text of `src/store/sql/<name>.sql`: one statement per file, with a header naming its parameters.
 * Read once, then cached.
 * @example await db.query(sql('incidents/open-on-service'), [service, since])
 */
export function sql(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(fileURLToPath(new URL(`./sql/${name}.sql`, import.meta.url)), 'utf8');
    cache.set(name, text);
    if (PLANNED_PER_CALL.test(text)) plannedPerCallTexts.add(text);
    else preparedNames.set(text, `fb_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`);
  }
  return text;
}

/**
 * The name under which a statement file's text may be prepared once per connection and reused (parsed and, once
 * PostgreSQL finds a generic plan as good, planned only once); undefined for any other text. Triage runs the same
 * few statements for every alert, and parsing and planning them was most of their cost on the server.
 */
export function preparedName(text: string): string | undefined {
  return preparedNames.get(text);
}

/** Whether `text` is a statement file that asks to be planned for each call's values (never kept prepared). */
export function plannedPerCall(text: string): boolean {
  return plannedPerCallTexts.has(text);
}
