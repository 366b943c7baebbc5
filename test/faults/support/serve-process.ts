import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { testQueuePrefix } from '../../support/databases.js';

const bin = new URL('../../../src/cli/bin.mjs', import.meta.url).pathname;

/** One real `firebreak serve` process (its own node), with every stdout line kept for assertions and secret greps. */
export interface ServeProcess {
  child: ChildProcess;
  /** Every line the process wrote to stdout or stderr, raw, in order. */
  rawLines: string[];
  /** The stdout lines that parsed as JSON log entries. */
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
  /** Resolves with the receivers' URL (api and all roles) or once the worker started (worker role). */
  ready: Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node src/cli/bin.mjs serve --role <role>` with the test's environment: loopback, a free port, a queue
 * prefix of its own unless given. Fault tests kill these with real signals, which an in-process daemon cannot take.
 */
export function serveProcess(role: 'api' | 'worker' | 'all', env: Record<string, string>): ServeProcess {
  const child = spawn(process.execPath, [bin, 'serve', '--role', role], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FIREBREAK_QUEUE_PREFIX: testQueuePrefix(), FIREBREAK_REQUIRE_NOEVICTION: 'true', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const rawLines: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  createInterface({ input: child.stderr! }).on('line', (line) => rawLines.push(line));
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      rawLines.push(line);
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      lines.push(entry);
      if (entry.msg === 'receivers listening') resolve(String(entry.url));
      if (entry.msg === 'triage worker started' && role === 'worker') resolve('');
    });
    void exited.then((code) => reject(new Error(`serve --role ${role} exited with ${code}: ${rawLines.slice(-5).join('\n')}`)));
  });
  ready.catch(() => {});
  return {
    child,
    rawLines,
    lines,
    exited,
    ready,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` every 100 ms until it returns a value, or throws naming `what` after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
