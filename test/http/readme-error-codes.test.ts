import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/errors/catalogue.js';

/** The rows of the README's "## Error codes" table, by code. */
function readmeErrorRows(): Map<string, string[]> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Error codes'));
  expect(section, 'README has a "## Error codes" section').toBeDefined();
  const rows = new Map<string, string[]>();
  for (const line of section!.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const code = /^`(FB_ERR_[A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (code !== undefined) rows.set(code, cells.slice(2, -1));
  }
  return rows;
}

describe('the README error code table', () => {
  const rows = readmeErrorRows();

  it('lists every code of the catalogue, with its HTTP status and retryability', () => {
    for (const [code, spec] of Object.entries(ERROR_CATALOGUE)) {
      const row = rows.get(code);
      expect(row, `${code} is missing from the README's "Error codes" table`).toBeDefined();
      expect(row?.[0], `${code}: HTTP status`).toBe(spec.status === null ? '-' : String(spec.status));
      expect(row?.[1], `${code}: retryable`).toBe(spec.retryable ? 'yes' : 'no');
    }
  });

  it('lists no code the catalogue does not have', () => {
    for (const code of rows.keys()) expect(Object.keys(ERROR_CATALOGUE), `${code} is not in the catalogue`).toContain(code as ErrorCode);
  });
});
