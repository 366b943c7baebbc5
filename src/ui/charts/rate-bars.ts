import { html, type SafeHtml } from '../html.js';

export interface RateRow {
  label: string;
  /** Between 0 and 1. */
  rate: number;
  /** The counts behind the rate ("7 of 9 verdicts"). */
  note: string;
}

/**
 * Horizontal bars for a rate per item (false-positive rate per alert rule), worst first as given. Labels are
 * alert rule names, so hostile text: they go through `html` like everything else.
 */
export function rateBars(title: string, rows: RateRow[], empty: string): SafeHtml {
  if (rows.length === 0) return html`<figure class="chart"><figcaption>${title}</figcaption><p class="empty">${empty}</p></figure>`;
  const width = 640;
  const labelWidth = 230;
  const barArea = width - labelWidth - 130;
  const rowHeight = 22;
  const height = rows.length * rowHeight + 8;
  const bars = rows.map((row, index) => {
    const y = 4 + index * rowHeight;
    const rate = Math.min(1, Math.max(0, row.rate));
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    return html`<g class="rate-row"><text class="tick" x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${label}</text><rect class="bar series-b" x="${labelWidth}" y="${y + 2}" width="${Math.max(1, Math.round(rate * barArea))}" height="${rowHeight - 6}"><title>${row.label}: ${Math.round(rate * 100)}% false positives (${row.note})</title></rect><text class="tick" x="${labelWidth + Math.round(rate * barArea) + 6}" y="${y + 14}">${Math.round(rate * 100)}% · ${row.note}</text></g>`;
  });
  return html`<figure class="chart">
<figcaption>${title}</figcaption>
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${title}">${bars}</svg>
</figure>`;
}
