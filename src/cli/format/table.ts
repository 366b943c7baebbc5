import Table from 'cli-table3';

/** A column of a human table: its heading and how to read the cell from a row. */
export interface Column<Row> {
  head: string;
  cell: (row: Row) => string | number | null | undefined;
  /** Cut longer text with an ellipsis (titles, symptoms). */
  maxWidth?: number;
}

/**
 * A plain table for a terminal (cli-table3, no colours, so it reads the same piped into a file or a test).
 * @example process.stdout.write(renderTable(incidents, [{ head: 'ID', cell: (i) => i.id }]))
 */
export function renderTable<Row>(rows: readonly Row[], columns: ReadonlyArray<Column<Row>>): string {
  const table = new Table({ head: columns.map((column) => column.head), style: { head: [], border: [], compact: true } });
  for (const row of rows) {
    table.push(columns.map((column) => truncate(textOf(column.cell(row)), column.maxWidth)));
  }
  return `${table.toString()}\n`;
}

/** Label / value lines, aligned: `Severity   major`. Empty values print as `-`. */
export function renderFields(fields: ReadonlyArray<[string, string | number | null | undefined]>): string {
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${textOf(value) || '-'}`).join('\n') + '\n';
}

export function truncate(text: string, maxWidth: number | undefined): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (maxWidth === undefined || oneLine.length <= maxWidth) return oneLine;
  return `${oneLine.slice(0, Math.max(1, maxWidth - 1))}…`;
}

function textOf(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
