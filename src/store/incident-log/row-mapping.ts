/**
 * Rows come back snake_case from SQL; the incident log hands out camelCase objects. One generic mapping so a
 * new column needs no hand-written line (the record types say what each query returns).
 */
export function camelRow<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase())] = value;
  }
  return out as T;
}

export function camelRows<T>(rows: Array<Record<string, unknown>>): T[] {
  return rows.map((row) => camelRow<T>(row));
}

/** The JSON text of a value for a `$n::jsonb` parameter (both drivers take text for jsonb). */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value);
}
