import { dailyDocument } from './daily-document.js';
import type { DailyReport } from './daily-report.js';
import { renderMarkdown, renderText, type ReportFormat } from './report-document.js';
import { weeklyDocument } from './weekly-document.js';
import type { WeeklyReport } from './weekly-report.js';

/** A weekly or daily report in the requested format: text, markdown, or the report's JSON. */
export function renderReport(report: WeeklyReport | DailyReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const document = report.kind === 'weekly' ? weeklyDocument(report) : dailyDocument(report);
  return format === 'markdown' ? renderMarkdown(document) : renderText(document);
}
