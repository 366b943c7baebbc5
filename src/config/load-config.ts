import { readFileSync } from 'node:fs';
import { FirebreakError } from '../errors/catalogue.js';
import { configSchema, SECRET_KEYS, type Config } from './schema.js';

/**
 * Reads the configuration from `env` (default: process.env). A secret may be given as `FOO` or as `FOO_FILE`
 * (a Kubernetes-mounted file), never both. Every problem is reported at once, each naming its variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const direct = nonEmpty(env[key]);
    const fromFile = nonEmpty(env[`${key}_FILE`]);
    if (direct !== undefined && fromFile !== undefined) {
      problems.push(`${key}: set either ${key} or ${key}_FILE, not both`);
      continue;
    }
    if (fromFile !== undefined) {
      if (!(SECRET_KEYS as readonly string[]).includes(key)) {
        problems.push(`${key}_FILE: only secrets may be read from a file`);
        continue;
      }
      try {
        values[key] = readFileSync(fromFile, 'utf8').trim();
      } catch (error) {
        problems.push(`${key}_FILE: cannot read ${fromFile} (${(error as Error).message})`);
      }
      continue;
    }
    values[key] = direct;
  }
  const parsed = configSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw new FirebreakError('FB_ERR_CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(parsed.data);
}

/** The values of every configured secret, for log redaction and for tests asserting that none leaks. */
export function configuredSecrets(config: Config): string[] {
  return SECRET_KEYS.map((key) => config[key]).filter((value): value is string => typeof value === 'string' && value.length >= 6);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
