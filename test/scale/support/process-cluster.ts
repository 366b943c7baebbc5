import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../http/support/redis-server.js';

const root = resolve(import.meta.dirname, '../../..');

/** One `firebreak serve` process, started exactly as the image starts it (node src/cli/bin.mjs). */
export interface FirebreakProcess {
  role: 'api' | 'worker' | 'all';
  /** `http://127.0.0.1:<port>`: the receivers (api, all), or the worker's /healthz, /readyz and /metrics. */
  url: string;
  /** Every JSON log line it wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  child: ChildProcess;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (SIGTERM: the graceful stop Kubernetes sends) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `firebreak serve --role <role>` as a child process with the given environment, and resolves once it is
 * ready: the api answers 200 on /readyz, the worker has logged that it started. The process is killed when the
 * start-up does not finish within `timeoutMs`. `nodeArgs` go to Node itself (`--cpu-prof` is refused in NODE_OPTIONS).
 */
export async function startFirebreak(role: FirebreakProcess['role'], env: Record<string, string>, timeoutMs = 90_000, nodeArgs: readonly string[] = []): Promise<FirebreakProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, 'src/cli/bin.mjs', 'serve', '--role', role], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('exit', (code, signal) => done({ code, signal }));
  });
  const url = `http://127.0.0.1:${port}`;
  const process_: FirebreakProcess = {
    role,
    url,
    logs,
    child,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };

  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  while (!(await isReady(process_))) {
    if (ended || Date.now() > deadline) {
      child.kill('SIGKILL');
      const why = ended ? 'exited during start-up' : `not ready after ${timeoutMs} ms`;
      throw new Error(`firebreak serve --role ${role} ${why}:\n${stderr.join('')}\n${logs.map((line) => JSON.stringify(line)).join('\n')}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return process_;
}

async function isReady(process_: FirebreakProcess): Promise<boolean> {
  if (process_.role === 'worker') return process_.logs.some((line) => line.msg === 'triage worker started');
  try {
    const response = await fetch(`${process_.url}/readyz`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Stops every process that is still running (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopAll(processes: FirebreakProcess[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    processes.map(async (process_) => {
      const timer = setTimeout(() => process_.child.kill('SIGKILL'), graceMs);
      await process_.stop('SIGTERM');
      clearTimeout(timer);
    }),
  );
}
