/**
 * The LogSource the triage pipeline sees: every configured backend asked in parallel, each under its own deadline
 * (FIREBREAK_LOG_TIMEOUT_MS, default 2 s), their lines merged by time and capped to `limit` (the nearest the alert
 * kept). It never throws: a backend that fails, answers late or hangs is named in `errors` and the others' lines
 * still come back, so the whole call ends within about one timeout however the sources behave.
 *
 * @example new CompositeLogSource([new FileLogSource('/var/log/app.log')], { timeoutMs: 2000, secrets: [] })
 */
import type { LogLine, LogSource } from '../../agents/ports/log-source.js';
import { logWindow, nearestInOrder, type LogBackend, type LogWindow } from './log-backend.js';

export interface CompositeOptions {
  timeoutMs: number;
  /** Values that must never appear in an error (the sources' tokens): replaced by `[redacted]`. */
  secrets: readonly string[];
}

export class CompositeLogSource implements LogSource {
  constructor(
    private readonly backends: readonly LogBackend[],
    private readonly options: CompositeOptions,
  ) {}

  async around(query: { services: string[]; at: Date; beforeSeconds: number; afterSeconds: number; limit: number }): Promise<{ lines: LogLine[]; errors: string[] }> {
    const window = logWindow(query);
    const results = await Promise.all(this.backends.map((backend) => this.ask(backend, window)));
    const lines: LogLine[] = [];
    const errors: string[] = [];
    for (const result of results) {
      if ('error' in result) errors.push(result.error);
      else lines.push(...result.lines);
    }
    return { lines: nearestInOrder(lines, window.at, window.limit), errors };
  }

  /** One backend under its deadline; the deadline also wins over a backend that ignores its abort signal. */
  private async ask(backend: LogBackend, window: LogWindow): Promise<{ lines: LogLine[] } | { error: string }> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<{ error: string }>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ error: `${backend.name}: no answer within ${this.options.timeoutMs} ms` });
      }, this.options.timeoutMs);
    });
    const answer = backend.lines(window, controller.signal).then(
      (lines) => ({ lines }),
      (error: unknown) => ({ error: `${backend.name}: ${this.redact(reason(error))}` }),
    );
    try {
      return await Promise.race([answer, deadline]);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  private redact(text: string): string {
    let safe = text;
    for (const secret of this.options.secrets) {
      if (secret.length > 0) safe = safe.split(secret).join('[redacted]');
    }
    return safe;
  }
}

function reason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  // A file's system error (ENOENT, EACCES) says enough by its code; its message repeats the path already named.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code === 'ENOENT' ? 'no such file (ENOENT)' : code;
  return error instanceof Error ? error.message : String(error);
}
