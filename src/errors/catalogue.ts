/**
 * Every error Firebreak answers or logs, in one place (the fastify FST_ERR_* pattern). A code says what went
 * wrong, the HTTP status it answers with where it has one, and whether a retry can succeed. The README's
 * "Error codes" table must list every code here (a test checks it).
 *
 * Add a code here rather than throwing a bare Error: callers and tests match on `code`, never on the text.
 */
export interface ErrorSpec {
  status: number | null;
  retryable: boolean;
  summary: string;
}

export const ERROR_CATALOGUE = {
  FB_ERR_CONFIG_INVALID: { status: null, retryable: false, summary: 'A configuration value is missing or invalid; start-up stops.' },
  FB_ERR_RECEIVER_BAD_SIGNATURE: { status: 401, retryable: false, summary: 'The webhook signature is missing or does not match the configured secret.' },
  FB_ERR_RECEIVER_BAD_TOKEN: { status: 401, retryable: false, summary: 'The bearer/basic credentials or URL token are missing or wrong.' },
  FB_ERR_RECEIVER_STALE_TIMESTAMP: { status: 401, retryable: false, summary: 'The signed timestamp is outside the replay window.' },
  FB_ERR_RECEIVER_BAD_JSON: { status: 400, retryable: false, summary: 'The body is not valid JSON.' },
  FB_ERR_RECEIVER_SCHEMA: { status: 400, retryable: false, summary: 'The body does not have the documented shape; the message names the JSON path.' },
  FB_ERR_RECEIVER_UNSUPPORTED: { status: 400, retryable: false, summary: 'The resource or action is not one this receiver knows.' },
  FB_ERR_RECEIVER_TOO_LARGE: { status: 413, retryable: false, summary: 'The body is over the configured size limit.' },
  FB_ERR_RECEIVER_CONTENT_TYPE: { status: 415, retryable: false, summary: 'The content type is not application/json.' },
  FB_ERR_QUEUE_UNAVAILABLE: { status: 503, retryable: true, summary: 'Redis cannot take the job now; the sender should retry (Retry-After).' },
  FB_ERR_STORE_UNAVAILABLE: { status: 503, retryable: true, summary: 'PostgreSQL cannot be reached now; the work is retried.' },
  FB_ERR_STORE_BUSY: { status: null, retryable: true, summary: 'The embedded store\'s folder is held by another process (a second daemon, or a CLI command working on it alone); the message names it.' },
  FB_ERR_REDIS_EVICTION_POLICY: { status: null, retryable: false, summary: 'Redis evicts keys (maxmemory-policy is not noeviction): queued alerts could be lost.' },
  FB_ERR_NOT_FOUND: { status: 404, retryable: false, summary: 'No such route, incident, alert or action run.' },
  FB_ERR_BAD_ARGUMENT: { status: 400, retryable: false, summary: 'A command-line argument or API field is invalid; the message names it.' },
  FB_ERR_PLAYBOOK_INVALID: { status: null, retryable: false, summary: 'A playbook file does not load (unknown key, bad regex, bad value); start-up stops.' },
  FB_ERR_IMPORT_ROW: { status: null, retryable: false, summary: 'An import row cannot be read; it is reported with its line and skipped.' },
  FB_ERR_SCENARIO_INVALID: { status: null, retryable: false, summary: 'A scenario folder is malformed; the message names the file and line.' },
  FB_ERR_ACTION_NOT_ALLOWED: { status: 403, retryable: false, summary: 'The user is not a configured approver (SLACK_APPROVERS, SLACK_APPROVER_GROUP); nothing happens.' },
  FB_ERR_ACTION_STATE: { status: 409, retryable: false, summary: 'The action run was already decided or executed (it is never run twice), the incident already closed, or the rule override already revoked.' },
  FB_ERR_ACTION_SPEC: { status: null, retryable: false, summary: 'An action cannot run as written: a command outside FIREBREAK_ACTION_COMMANDS, a missing header secret.' },
  FB_ERR_SLACK_API: { status: 502, retryable: true, summary: 'A Slack Web API call failed; 429 and 5xx are retried (Retry-After honoured), other errors are not.' },
  FB_ERR_UI_UNAUTHORIZED: { status: 401, retryable: false, summary: 'The web UI was asked for without a valid token, basic credentials or session cookie.' },
  FB_ERR_UI_FORBIDDEN: { status: 403, retryable: false, summary: 'A web UI form was posted without its CSRF token or from another origin.' },
  FB_ERR_INTERNAL: { status: 500, retryable: true, summary: 'An unexpected error; reported to Sentry when SENTRY_DSN is set.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Log-safe context: identifiers, never secrets or whole payloads. */
export type ErrorContext = Record<string, string | number | boolean | null | undefined>;

/**
 * The one error class of the daemon.
 * @example throw new FirebreakError('FB_ERR_RECEIVER_SCHEMA', 'alerts[0].labels: expected object', { source: 'grafana' })
 */
export class FirebreakError extends Error {
  readonly code: ErrorCode;
  readonly status: number | null;
  readonly retryable: boolean;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FirebreakError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.retryable = ERROR_CATALOGUE[code].retryable;
    this.context = context;
  }
}

export function isFirebreakError(error: unknown, code?: ErrorCode): error is FirebreakError {
  return error instanceof FirebreakError && (code === undefined || error.code === code);
}
