/** Small formatting helpers shared by the weekly and daily documents. */

/** 45s, 12m, 2h 05m, 3d 4h: precise enough for response times, short enough for a table cell. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86_400) {
    const minutes = Math.round(s / 60);
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  }
  const hours = Math.round(s / 3600);
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `2024-03-05 14:30` in the report's time zone. */
export function formatTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** `2024-03-05` in the report's time zone. */
export function formatDate(iso: string, timeZone: string): string {
  return formatTime(iso, timeZone).slice(0, 10);
}

export function formatPercent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** A count against its target: `3 (target <= 1)` becomes `3 !` when over, so misses stand out in any format. */
export function againstTarget(value: number, target: number): string {
  return value > target ? `${value} !` : String(value);
}

/** `1 incident`, `3 incidents`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Seconds from one ISO time to another. */
export function secondsBetween(from: string, to: string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 1000;
}
