import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { DAEMON_ROLES, startDaemon, type DaemonRole } from '../../daemon/start-daemon.js';

/**
 * `firebreak serve [--role api|worker|all]`: runs the daemon in the foreground until SIGTERM or SIGINT, then
 * shuts down gracefully (in-flight requests and running jobs finish; a second signal exits at once). A signal that
 * arrives while the daemon is still starting stops it as soon as it has started.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the daemon: webhook receivers (api), triage worker (worker), or both (all, the default).')
    .addOption(new Option('--role <role>', 'which part of the daemon to run').choices(DAEMON_ROLES).default('all'))
    .action(async (options: { role: DaemonRole }) => {
      const config = loadConfig();
      const starting = startDaemon({ config, role: options.role });
      let stopping = false;
      const stop = (signal: string, code: number) => {
        if (stopping) process.exit(code === 0 ? 130 : code);
        stopping = true;
        starting
          .then(async (daemon) => {
            daemon.context.logger.info({ signal }, 'shutting down');
            await daemon.close();
            process.exit(code);
          })
          .catch((error: unknown) => {
            process.stderr.write(`firebreak: shutdown failed: ${(error as Error).message}\n`);
            process.exit(1);
          });
      };
      process.on('SIGTERM', () => stop('SIGTERM', 0));
      process.on('SIGINT', () => stop('SIGINT', 0));
      const daemon = await starting;
      // A bug, never input (receivers catch everything a request can cause): report it, then stop cleanly.
      process.on('uncaughtException', (error) => {
        daemon.context.reportError(error, { kind: 'uncaughtException' });
        stop('uncaughtException', 1);
      });
      process.on('unhandledRejection', (reason) => daemon.context.reportError(reason, { kind: 'unhandledRejection' }));
      await new Promise<never>(() => {});
    });
}
