import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { DAEMON_ROLES, startDaemon, type DaemonRole } from '../../daemon/start-daemon.js';

/**
 * `firebreak serve [--role api|worker|all]`: runs the daemon in the foreground until SIGTERM or SIGINT, then
 * shuts down gracefully (in-flight requests and running jobs finish; a second signal exits at once).
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the daemon: webhook receivers (api), triage worker (worker), or both (all, the default).')
    .addOption(new Option('--role <role>', 'which part of the daemon to run').choices(DAEMON_ROLES).default('all'))
    .action(async (options: { role: DaemonRole }) => {
      const config = loadConfig();
      const daemon = await startDaemon({ config, role: options.role });
      const { logger } = daemon.context;
      let stopping = false;
      const stop = (signal: string, code: number) => {
        if (stopping) process.exit(code === 0 ? 130 : code);
        stopping = true;
        logger.info({ signal }, 'shutting down');
        daemon.close().then(
          () => process.exit(code),
          (error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM', 0));
      process.on('SIGINT', () => stop('SIGINT', 0));
      // A bug, never input (receivers catch everything a request can cause): report it, then stop cleanly.
      process.on('uncaughtException', (error) => {
        daemon.context.reportError(error, { kind: 'uncaughtException' });
        stop('uncaughtException', 1);
      });
      process.on('unhandledRejection', (reason) => daemon.context.reportError(reason, { kind: 'unhandledRejection' }));
      await new Promise<never>(() => {});
    });
}
