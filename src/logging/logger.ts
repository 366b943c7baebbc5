import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * The daemon's logger. Redaction is configured once here: header and field paths that carry credentials, and
 * every configured secret's value wherever it appears in a logged string.
 */
export function createLogger(options: { level?: string; secrets?: string[]; destination?: DestinationStream } = {}): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 6);
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'firebreak' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-slack-signature"]',
          'req.headers["sentry-hook-signature"]',
          'headers.authorization',
          '*.token',
          '*.secret',
          '*.password',
        ],
        censor: '[redacted]',
      },
      hooks: {
        streamWrite(line) {
          let safe = line;
          for (const secret of secrets) {
            if (safe.includes(secret)) safe = safe.split(secret).join('[redacted]');
          }
          return safe;
        },
      },
    },
    options.destination,
  );
}
