/**
 * Times as an on-call engineer reads them: `2024-05-01 10:03Z` (UTC, minutes), and durations as `1h 23m`.
 * @example formatDuration('2024-05-01T10:00:00Z', '2024-05-01T11:23:00Z') // '1h 23m'
 */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** The time between two instants, or '' when either is missing. Negative spans print with a minus sign. */
export function formatDuration(from: string | null | undefined, to: string | null | undefined): string {
  if (from === null || from === undefined || to === null || to === undefined) return '';
  const minutes = Math.round((Date.parse(to) - Date.parse(from)) / 60_000);
  const sign = minutes < 0 ? '-' : '';
  const total = Math.abs(minutes);
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const rest = total % 60;
  if (days > 0) return `${sign}${days}d ${hours}h`;
  if (hours > 0) return `${sign}${hours}h ${rest}m`;
  return `${sign}${rest}m`;
}
