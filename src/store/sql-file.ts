import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string>();

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
  }
  return text;
}
