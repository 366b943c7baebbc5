/** A log line found around an alert. */
export interface LogLine {
  at: string;
  source: string;
  service: string | null;
  line: string;
}

/**
 * Log lines around an alert's time, from the configured log sources (files, Loki, Elasticsearch). Must return
 * within its own time budget and never throw for an unreachable source: it returns what it found, and the
 * sources that failed are named in `errors`, so triage goes on without them.
 */
export interface LogSource {
  around(query: { services: string[]; at: Date; beforeSeconds: number; afterSeconds: number; limit: number }): Promise<{ lines: LogLine[]; errors: string[] }>;
}
