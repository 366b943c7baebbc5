import { z } from 'zod';

const optionalSecret = z.string().min(1).optional();
const csv = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0));

/**
 * The daemon's whole configuration, read from the environment (and an optional file), checked once at
 * start-up and then frozen. Names follow the README's "Configuration" table.
 */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Refuse to start on a Redis that may evict keys (true) or only warn (false). */
  FIREBREAK_REQUIRE_NOEVICTION: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  DATABASE_URL: z.string().url().optional(),
  FIREBREAK_DATA_DIR: z.string().default('./.data'),
  FIREBREAK_PLAYBOOKS_DIR: z.string().default('./playbooks'),
  FIREBREAK_QUEUE_PREFIX: z.string().default('firebreak'),
  FIREBREAK_BODY_LIMIT: z.coerce.number().int().positive().default(1024 * 1024),
  FIREBREAK_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(32),
  /** Seconds a worker's hold on a job lasts unless renewed (BullMQ's lock), and between its checks for stalled jobs. */
  FIREBREAK_JOB_LOCK_S: z.coerce.number().int().min(5).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SENTRY_DSN: z.string().optional(),
  SENTRY_CLIENT_SECRET: optionalSecret,
  SENTRY_LEGACY_TOKEN: optionalSecret,
  GRAFANA_HMAC_SECRET: optionalSecret,
  GRAFANA_HMAC_HEADER: z.string().default('X-Grafana-Alerting-Signature'),
  GRAFANA_HMAC_TIMESTAMP_HEADER: z.string().optional(),
  GRAFANA_TOKEN: optionalSecret,
  GRAFANA_BASIC_AUTH: optionalSecret,
  ALERTMANAGER_TOKEN: optionalSecret,
  ALERTMANAGER_BASIC_AUTH: optionalSecret,
  CHANGES_TOKEN: optionalSecret,
  /** Seconds either way a signed timestamp may differ from now. */
  FIREBREAK_REPLAY_WINDOW_S: z.coerce.number().int().positive().default(300),
  SLACK_BOT_TOKEN: optionalSecret,
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_CHANNEL: z.string().optional(),
  SLACK_APPROVERS: csv,
  SLACK_ESCALATION_GROUP: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  /** A Slack user group whose members may approve actions, besides SLACK_APPROVERS. */
  SLACK_APPROVER_GROUP: z.string().optional(),
  /** Critical incidents nobody acknowledged: the second group mentioned, and the users sent a direct message. */
  SLACK_ESCALATION_GROUP_2: z.string().optional(),
  SLACK_ESCALATION_USERS: csv,
  FIREBREAK_ESCALATION_AFTER_S: z.coerce.number().int().positive().default(900),
  /** The lead is reminded when they posted no update in the incident's thread for this long. */
  FIREBREAK_LEAD_UPDATE_S: z.coerce.number().int().positive().default(1800),
  /** Thread updates of one incident arriving within this window are posted as one message. */
  FIREBREAK_SLACK_BATCH_S: z.coerce.number().min(0).default(5),
  /** How long one Slack Web API call may take; past it the outbox treats the call as maybe done and looks it up. */
  FIREBREAK_SLACK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Executables an action of kind `command` may run (argv[0], exactly as written in the playbook). */
  FIREBREAK_ACTION_COMMANDS: csv,
  /** After an action ran, ask whether it worked this many seconds later. */
  FIREBREAK_ACTION_FOLLOWUP_S: z.coerce.number().int().positive().default(900),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: optionalSecret,
  FIREBREAK_LLM_MODEL: z.string().optional(),
  /** How long one call to the LLM endpoint may take before it is retried (2 retries, then the assessment is skipped). */
  FIREBREAK_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  FIREBREAK_API_TOKEN: optionalSecret,
  FIREBREAK_UI_TOKEN: optionalSecret,
  /** Log sources read around an alert's time (README "Log sources"). */
  FIREBREAK_LOG_FILES: csv,
  LOKI_URL: z.string().url().optional(),
  /** A Loki label name cannot be quoted in LogQL, so it must be a plain identifier. */
  LOKI_SERVICE_LABEL: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a Loki label name').default('service'),
  LOKI_TOKEN: optionalSecret,
  ELASTICSEARCH_URL: z.string().url().optional(),
  ELASTICSEARCH_INDEX: z.string().min(1).default('logs-*'),
  ELASTICSEARCH_SERVICE_FIELD: z.string().min(1).default('service'),
  ELASTICSEARCH_TOKEN: optionalSecret,
  FIREBREAK_LOG_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Keys whose values are secrets: redacted from logs, and may be given as `<KEY>_FILE`. */
export const SECRET_KEYS = [
  'SENTRY_DSN',
  'SENTRY_CLIENT_SECRET',
  'SENTRY_LEGACY_TOKEN',
  'GRAFANA_HMAC_SECRET',
  'GRAFANA_TOKEN',
  'GRAFANA_BASIC_AUTH',
  'ALERTMANAGER_TOKEN',
  'ALERTMANAGER_BASIC_AUTH',
  'CHANGES_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'OPENAI_API_KEY',
  'FIREBREAK_API_TOKEN',
  'FIREBREAK_UI_TOKEN',
  'LOKI_TOKEN',
  'ELASTICSEARCH_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
] as const satisfies ReadonlyArray<keyof z.infer<typeof configSchema>>;
