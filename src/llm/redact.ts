/**
 * Redaction of everything sent to the model: the configured secrets (exact values) and what looks like a
 * credential in alert text, labels, log lines and tool results (bearer tokens, API keys, JWTs, passwords in
 * URLs or `key=value` pairs). Applied to values before they are serialised, so JSON escaping cannot hide one.
 */
const REDACTED = '[redacted]';

const PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/-]{8,}=*/gi, `$1 ${REDACTED}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  [/\b(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|auth|authorization|client[_-]?secret)(["']?\s*[=:]\s*["']?)[^\s"'&,;]{4,}/gi, `$1$2${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
];

export type Redactor = <T>(value: T) => T;

/**
 * Builds a redactor for these secret values (shorter than 4 characters are ignored: they would redact words).
 * @example const redact = createRedactor(configuredSecrets(config)); redact({ line: 'token=abc123...' })
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((secret) => secret.length >= 4))].sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let safe = input;
    for (const secret of values) if (safe.includes(secret)) safe = safe.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) safe = safe.replace(pattern, replacement);
    return safe;
  };
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return text(value);
    if (depth > 12 || value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [text(key), walk(item, depth + 1)]));
  };
  return <T>(value: T): T => walk(value, 0) as T;
}
