import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { promisify } from 'node:util';
import dockerignoreModule from '@balena/dockerignore';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configSchema } from '../../src/config/schema.js';

// No Docker engine runs where the tests run, so the image is never built here: these tests read the Dockerfile
// the way the builder would (syntax, stages, the files it copies) and start the daemon from exactly the files
// and production dependencies the final stage would hold.

const run = promisify(execFile);
// The package is CommonJS (module.exports = the factory) with types that declare it as a default export.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;
const root = resolve(import.meta.dirname, '../..');
const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
const instructions = DockerfileParser.parse(text).getInstructions();
const scratch = mkdtempSync(join(tmpdir(), 'firebreak-image-'));

/** The instructions of each stage, FROM first. */
const stages: Instruction[][] = [];
for (const instruction of instructions) {
  if (instruction.getKeyword() === 'FROM') stages.push([]);
  stages.at(-1)?.push(instruction);
}
const runtime = stages.at(-1) ?? [];

function ofKind(stage: Instruction[], keyword: string): Instruction[] {
  return stage.filter((instruction) => instruction.getKeyword() === keyword);
}
function last(stage: Instruction[], keyword: string): Instruction {
  const found = ofKind(stage, keyword).at(-1);
  if (!found) throw new Error(`the final stage has no ${keyword}`);
  return found;
}
function content(instruction: Instruction): string {
  return instruction.getArgumentsContent() ?? '';
}
/** The JSON (exec) form of CMD, ENTRYPOINT or HEALTHCHECK CMD. */
function execForm(raw: string): string[] {
  const json = raw.slice(raw.indexOf('['));
  return JSON.parse(json) as string[];
}

/** Files a build of this checkout sees: the checkout's files (less what git ignores) not excluded by .dockerignore. */
function contextFiles(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file.length > 0 && existsSync(join(root, file)));
  const ignore = dockerignore({ ignorecase: false }).add(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n'));
  return ignore.filter(tracked);
}

/** The final stage's COPY instructions from the build context: [sources, destination]. */
function runtimeCopies(): Array<{ sources: string[]; destination: string }> {
  return ofKind(runtime, 'COPY')
    .filter((copy) => !content(copy).includes('--from'))
    .map((copy) => {
      const parts = content(copy).split(/\s+/).filter((part) => !part.startsWith('--'));
      return { sources: parts.slice(0, -1), destination: parts.at(-1) ?? '' };
    });
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('Dockerfile', () => {
  it('has no syntax errors or warnings', () => {
    const problems = validate(text).map((diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    expect(problems).toEqual([]);
  });

  it('builds in stages, the final one installing the production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const installs = ofKind(runtime, 'RUN').map(content).filter((command) => /\bnpm (ci|install|i)\b/.test(command));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/npm ci --omit=dev/);
  });

  it('runs as a numeric non-root user, the one the Helm chart declares', () => {
    const user = content(last(runtime, 'USER'));
    expect(user).toMatch(/^\d+(:\d+)?$/);
    const uid = Number(user.split(':')[0]);
    expect(uid).not.toBe(0);
    const values = parseYaml(readFileSync(join(root, 'helm/values.yaml'), 'utf8')) as { podSecurityContext: { runAsUser: number } };
    expect(values.podSecurityContext.runAsUser).toBe(uid);
  });

  it('starts the CLI under tini, which forwards SIGTERM to Node', () => {
    const entrypoint = execForm(content(last(runtime, 'ENTRYPOINT')));
    expect(entrypoint.slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
    expect(entrypoint.slice(2)).toEqual(['node', 'src/cli/bin.mjs']);
    expect(existsSync(join(root, 'src/cli/bin.mjs'))).toBe(true);
    const installsTini = stages.flat().some((instruction) => instruction.getKeyword() === 'RUN' && /apt-get install[^&]*\btini\b/.test(content(instruction)));
    expect(installsTini).toBe(true);
    expect(content(last(runtime, 'STOPSIGNAL'))).toBe('SIGTERM');
    expect(execForm(content(last(runtime, 'CMD')))).toEqual(['serve', '--role', 'all']);
  });

  it('checks its health on /healthz at the port the daemon listens on', () => {
    const check = content(last(runtime, 'HEALTHCHECK'));
    const command = execForm(check.slice(check.indexOf('CMD')));
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toMatch(/\/healthz/);
    expect(command.join(' ')).toMatch(/process\.env\.PORT/);
    const defaultPort = configSchema.shape.PORT.parse(undefined);
    expect(ofKind(runtime, 'EXPOSE').map(content)).toContain(String(defaultPort));
    expect(ofKind(runtime, 'ENV').map(content).join('\n')).toMatch(new RegExp(`\\bPORT=${defaultPort}\\b`));
  });

  it('uses a Node.js major version the project supports', () => {
    const image = /ARG NODE_IMAGE=node:(\d+)/.exec(text);
    const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node as string;
    expect(Number(image?.[1])).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)?.[0]));
  });

  it('copies only files that a fresh clone puts in the build context', () => {
    const files = contextFiles();
    for (const { sources } of runtimeCopies()) {
      for (const source of sources) {
        const present = files.some((file) => source === '.' || file === source || file.startsWith(`${source}/`));
        expect(present, `COPY ${source}: not in the build context (untracked, or excluded by .dockerignore)`).toBe(true);
      }
    }
    expect(files).toContain('src/cli/bin.mjs');
    expect(files).toContain('package-lock.json');
    expect(files.filter((file) => /^(node_modules|test|helm|scripts|\.git|\.data)\//.test(file) || /(^|\/)\.env/.test(file))).toEqual([]);
  });

  it('starts the daemon from the files and production dependencies the final stage holds', async () => {
    // Lay out /app as the final stage would: its COPYs from the build context...
    const app = join(scratch, 'app');
    const files = contextFiles();
    for (const { sources, destination } of runtimeCopies()) {
      for (const source of sources) {
        for (const file of files.filter((candidate) => source === '.' || candidate === source || candidate.startsWith(`${source}/`))) {
          // A folder's files keep their path below it; a single file lands in the destination folder.
          const below = source === '.' ? file : file === source ? posix.basename(file) : posix.relative(source, file);
          const target = join(app, posix.join(destination, below));
          mkdirSync(dirname(target), { recursive: true });
          cpSync(join(root, file), target);
        }
      }
    }
    // ...and node_modules as `npm ci --omit=dev` leaves it: the lock's packages that are not dev-only.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!/^node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(path) || entry.dev === true) continue;
      if (!existsSync(join(root, path))) continue; // an optional package for another platform
      mkdirSync(dirname(join(app, path)), { recursive: true });
      symlinkSync(join(root, path), join(app, path));
    }
    const { stdout } = await run('node', ['src/cli/bin.mjs', '--help'], {
      cwd: app,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', HOME: scratch },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/Usage: firebreak/);
  }, 90_000);
});

describe('.dockerignore', () => {
  it('keeps local state, dependencies and secrets out of the build context', () => {
    const ignore = dockerignore().add(readFileSync(join(root, '.dockerignore'), 'utf8').split('\n'));
    const outside = ['node_modules/fastify/package.json', '.git/config', '.data/redis/dump.rdb', '.env', '.env.production',
      'test/ship/dockerfile.test.ts', 'helm/values.yaml', 'scripts/start.sh', 'Dockerfile'];
    for (const path of outside) {
      expect(ignore.ignores(path), path).toBe(true);
    }
    for (const path of ['src/cli/bin.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'agents/pipeline.ts', 'playbooks/db.yaml']) {
      expect(ignore.ignores(path), path).toBe(false);
    }
  });
});
