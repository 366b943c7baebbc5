import type { LlmTriage } from '../../agents/ports/llm-triage.js';
import type { Config } from '../config/schema.js';
import { configuredSecrets } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { OpenAiLlmTriage, type OpenAiLlmTriageOptions } from './openai-llm-triage.js';

/** The model asked when FIREBREAK_LLM_MODEL is not set. */
export const DEFAULT_LLM_MODEL = 'gpt-4o-mini';

/**
 * The LLM triage the daemon (or `firebreak eval --llm`) uses: none without OPENAI_BASE_URL, else the
 * OpenAI-compatible adapter, redacting every configured secret, counting calls, tokens and latency on /metrics
 * and logging why an assessment was unavailable.
 * @example const llm = createLlmTriage(context); // null when OPENAI_BASE_URL is unset
 */
export function createLlmTriage(context: { config: Config; metrics?: Metrics; logger?: Logger }, limits: Partial<OpenAiLlmTriageOptions> = {}): LlmTriage | null {
  const { config, metrics, logger } = context;
  if (config.OPENAI_BASE_URL === undefined) return null;
  return new OpenAiLlmTriage({
    callTimeoutMs: config.FIREBREAK_LLM_TIMEOUT_MS,
    ...limits,
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY,
    model: config.FIREBREAK_LLM_MODEL ?? DEFAULT_LLM_MODEL,
    secrets: configuredSecrets(config),
    observer: {
      call(outcome, seconds, tokens) {
        metrics?.llmCalls.inc({ outcome });
        metrics?.llmCallSeconds.observe(seconds);
        if (tokens > 0) metrics?.llmTokens.inc(tokens);
      },
      unavailable(reason) {
        logger?.warn({ reason }, 'LLM triage unavailable; the deterministic triage stands');
      },
    },
  });
}
