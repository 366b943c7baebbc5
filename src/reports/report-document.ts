/** A block of a report: free lines (bullets included), or a table. */
export type ReportBlock =
  | { kind: 'lines'; lines: string[] }
  | { kind: 'table'; header: string[]; rows: string[][]; /** Columns aligned right (numbers). */ right?: number[] };

/** A report as sections of blocks, so that the text and markdown renderings say exactly the same things. */
export interface ReportDocument {
  title: string;
  sections: Array<{ heading: string; blocks: ReportBlock[] }>;
}

export const REPORT_FORMATS = ['text', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Plain text for a terminal or a Slack code block: columns aligned with spaces, no box drawing. */
export function renderText(document: ReportDocument): string {
  const out: string[] = [document.title, '='.repeat(document.title.length)];
  for (const section of document.sections) {
    out.push('', section.heading, '-'.repeat(section.heading.length));
    for (const block of section.blocks) out.push(...(block.kind === 'lines' ? block.lines : alignTable(block)));
  }
  return `${out.join('\n')}\n`;
}

/** GitHub-flavoured markdown: a `#` title, `##` sections, pipe tables. */
export function renderMarkdown(document: ReportDocument): string {
  const out: string[] = [`# ${document.title}`];
  for (const section of document.sections) {
    out.push('', `## ${section.heading}`, '');
    for (const [index, block] of section.blocks.entries()) {
      if (index > 0) out.push('');
      if (block.kind === 'lines') {
        out.push(...block.lines);
        continue;
      }
      const cell = (value: string) => value.replace(/\|/g, '\\|');
      out.push(`| ${block.header.map(cell).join(' | ')} |`);
      out.push(`|${block.header.map((_, column) => (block.right?.includes(column) ? '---:' : '---')).join('|')}|`);
      for (const row of block.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

function alignTable(table: Extract<ReportBlock, { kind: 'table' }>): string[] {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all.map((row) =>
    row
      .map((value, column) => {
        const width = widths[column] ?? 0;
        return table.right?.includes(column) ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
