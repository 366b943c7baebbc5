import { readFileSync } from 'node:fs';
import { FirebreakError } from '../errors/catalogue.js';

const REFERENCE = /^\$\{([A-Z][A-Z0-9_]*)\}$/;

/**
 * Resolves an http action's headers. A playbook never holds a credential: a header written as `${OPS_TOKEN}` takes
 * the value of the environment variable `OPS_TOKEN` (or the file named by `OPS_TOKEN_FILE`, a Kubernetes mount),
 * read when the action runs. Returns the headers and the secret values used, so the caller can redact them from
 * the recorded output.
 *
 * @example resolveHeaders({ Authorization: 'Bearer ${OPS_TOKEN}' }, process.env)
 */
export function resolveHeaders(
  headers: Record<string, string>,
  env: NodeJS.ProcessEnv,
): { headers: Record<string, string>; secrets: string[] } {
  const resolved: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    resolved[name] = value.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (reference) => {
      const key = REFERENCE.exec(reference)?.[1] ?? '';
      const secret = readSecret(key, env);
      secrets.push(secret);
      return secret;
    });
  }
  return { headers: resolved, secrets };
}

function readSecret(key: string, env: NodeJS.ProcessEnv): string {
  const direct = env[key];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${key}_FILE`];
  if (file !== undefined && file !== '') {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      throw new FirebreakError('FB_ERR_ACTION_SPEC', `header secret ${key}_FILE cannot be read`, { secret: key });
    }
  }
  throw new FirebreakError('FB_ERR_ACTION_SPEC', `header secret ${key} is not set (set ${key} or ${key}_FILE)`, { secret: key });
}

/** Replaces every secret value in `text` (an action's output) with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) if (secret.length >= 4) safe = safe.split(secret).join('[redacted]');
  return safe;
}
