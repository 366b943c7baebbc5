import { execFile } from 'node:child_process';
import type { Config } from '../config/schema.js';
import { FirebreakError, isFirebreakError } from '../errors/catalogue.js';
import type { Db } from '../store/db.js';
import type { ActionRun } from './action-run.js';
import { redactSecrets, resolveHeaders } from './header-secrets.js';
import { executeRuleChange } from './rule-change-executors.js';

/** What running an action gave: `succeeded` or `failed`, a one-line result and the (truncated) output. */
export interface ActionOutcome {
  status: 'succeeded' | 'failed';
  result: string;
  output: string;
}

const OUTPUT_LIMIT = 4000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** Runs one claimed action run by its kind. Never throws: every failure is an outcome to record. */
export async function executeAction(
  run: ActionRun,
  deps: { db: Db; config: Config; env: NodeJS.ProcessEnv; now: Date },
): Promise<ActionOutcome> {
  try {
    switch (run.kind) {
      case 'noop':
        return { status: 'succeeded', result: 'noop: nothing to run', output: '' };
      case 'http':
        return await runHttp(run.spec, deps.env);
      case 'command':
        return await runCommand(run.spec, deps.config.FIREBREAK_ACTION_COMMANDS);
      case 'silence':
      case 'known-noisy':
      case 'longer-hold':
        return await executeRuleChange(deps.db, run, deps.now);
    }
  } catch (error) {
    const message = isFirebreakError(error) ? error.message : `unexpected error: ${(error as Error).message}`;
    return { status: 'failed', result: message, output: '' };
  }
}

interface HttpSpec {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  body?: unknown;
}

async function runHttp(spec: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<ActionOutcome> {
  const http = (spec.http ?? {}) as HttpSpec;
  if (typeof http.url !== 'string') throw new FirebreakError('FB_ERR_ACTION_SPEC', 'http action has no url');
  const { headers, secrets } = resolveHeaders(http.headers ?? {}, env);
  const method = (http.method ?? 'POST').toUpperCase();
  const hasBody = http.body !== undefined && method !== 'GET' && method !== 'HEAD';
  if (hasBody && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(http.url, {
      method,
      headers,
      body: hasBody ? (typeof http.body === 'string' ? http.body : JSON.stringify(http.body)) : undefined,
      signal: AbortSignal.timeout(http.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'manual',
    });
    const text = redactSecrets(await response.text(), secrets).slice(0, OUTPUT_LIMIT);
    const ok = response.status >= 200 && response.status < 300;
    return { status: ok ? 'succeeded' : 'failed', result: `${method} ${http.url} -> HTTP ${response.status}`, output: text };
  } catch (error) {
    const reason = (error as Error).name === 'TimeoutError' ? `timed out after ${http.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : redactSecrets((error as Error).message, secrets);
    return { status: 'failed', result: `${method} ${http.url} -> ${reason}`, output: '' };
  }
}

/**
 * Runs an allowlisted argv with execFile: no shell, so nothing in it is ever interpreted, and the argv is the
 * playbook's as written (no alert text is interpolated into it).
 */
function runCommand(spec: Record<string, unknown>, allowlist: readonly string[]): Promise<ActionOutcome> {
  const command = (spec.command ?? {}) as { argv?: unknown; timeoutMs?: number };
  const argv = command.argv;
  if (!Array.isArray(argv) || argv.length === 0 || !argv.every((part) => typeof part === 'string')) {
    throw new FirebreakError('FB_ERR_ACTION_SPEC', 'command action has no argv');
  }
  const [file, ...args] = argv as string[];
  if (file === undefined || !allowlist.includes(file)) {
    throw new FirebreakError('FB_ERR_ACTION_SPEC', `command ${String(file)} is not in FIREBREAK_ACTION_COMMANDS`, { command: String(file) });
  }
  const timeout = command.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve) => {
    execFile(file, args, { shell: false, timeout, maxBuffer: 1024 * 1024, env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr ? `\n${stderr}` : ''}`.trim().slice(0, OUTPUT_LIMIT);
      if (error === null) return resolve({ status: 'succeeded', result: `${file} exited 0`, output });
      const killed = (error as NodeJS.ErrnoException & { killed?: boolean }).killed === true;
      const code = (error as NodeJS.ErrnoException).code;
      const result = killed ? `${file} timed out after ${timeout} ms` : typeof code === 'number' ? `${file} exited ${code}` : `${file} failed: ${error.message}`;
      resolve({ status: 'failed', result, output });
    });
  });
}
