import { Option, type Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfig } from '../../config/load-config.js';
import { redisOptionsFromUrl, waitForReady } from '../../daemon/redis-connection.js';
import { buildDrillJob } from '../../drills/drill-alert.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { loadPlaybooks } from '../../playbooks/load-playbooks.js';
import { createAlertQueue } from '../../queue/alert-queue.js';
import { enqueueDelivery } from '../../queue/enqueue-delivery.js';
import { openDb } from '../../store/open-db.js';
import { sql } from '../../store/sql-file.js';

interface DrillStartOptions {
  playbook?: string;
  service?: string;
  severity: string;
  by?: string;
  wait: string;
  json?: boolean;
}

/**
 * `firebreak drill start [--playbook ID] [--service S] [--severity WORD] [--by WHO] [--wait SECONDS] [--json]`:
 * queues a simulated alert on the real `alerts` queue, as a receiver would, for the running workers to triage.
 * With `--wait`, waits for the incident it opens and prints its id.
 */
export function registerDrillCommand(program: Command): void {
  const drill = program.command('drill').description('Drills: a simulated incident through the real pipeline, flagged as a drill everywhere.');
  drill
    .command('start')
    .description('Queue a simulated alert (labelled firebreak_drill="true"); with --playbook, one that playbook matches.')
    .addOption(new Option('--playbook <id>', "build the alert from this playbook's first matcher"))
    .addOption(new Option('--service <name>', 'the service the drill alert is on'))
    .addOption(new Option('--severity <word>', "the alert's severity label").default('critical'))
    .addOption(new Option('--by <who>', 'who started the drill (shown in the alert)'))
    .addOption(new Option('--wait <seconds>', 'wait this long for the incident it opens').default('0'))
    .addOption(new Option('--json', 'print the result as JSON'))
    .action(async (options: DrillStartOptions) => {
      const waitS = Number(options.wait);
      if (!Number.isFinite(waitS) || waitS < 0 || waitS > 3600) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--wait: "${options.wait}" is not a number of seconds between 0 and 3600`);
      }
      const config = loadConfig();
      let playbook;
      if (options.playbook !== undefined) {
        const playbooks = loadPlaybooks(config.FIREBREAK_PLAYBOOKS_DIR);
        playbook = playbooks.find((candidate) => candidate.id === options.playbook);
        if (playbook === undefined) {
          const known = playbooks.map((candidate) => candidate.id).join(', ') || 'none';
          throw new FirebreakError('FB_ERR_NOT_FOUND', `--playbook: no playbook "${options.playbook}" in ${config.FIREBREAK_PLAYBOOKS_DIR} (known: ${known})`);
        }
      }
      const { job, alert, warnings } = buildDrillJob({
        now: new Date(),
        ...(playbook === undefined ? {} : { playbook }),
        ...(options.service === undefined ? {} : { service: options.service }),
        severity: options.severity,
        ...(options.by === undefined ? {} : { startedBy: options.by }),
      });
      for (const warning of warnings) process.stderr.write(`firebreak: warning: ${warning}\n`);

      const redis = new Redis({ ...redisOptionsFromUrl(config.REDIS_URL), maxRetriesPerRequest: 1, connectTimeout: 2000 });
      redis.on('error', () => undefined);
      const queue = createAlertQueue(redis, config.FIREBREAK_QUEUE_PREFIX);
      try {
        if (!(await waitForReady(redis, 5000))) {
          throw new FirebreakError('FB_ERR_QUEUE_UNAVAILABLE', 'Redis is not reachable: the drill was not started');
        }
        await enqueueDelivery(queue, redis, job, 5000);
      } finally {
        await queue.close();
        redis.disconnect();
      }

      const result: Record<string, unknown> = {
        deliveryKey: job.deliveryKey,
        source: alert.source,
        fingerprint: alert.fingerprint,
        rule: alert.rule,
        title: alert.title,
        service: alert.service,
        playbook: playbook?.id ?? null,
      };
      if (waitS > 0) result.incident = await waitForIncident(config, alert.source, alert.fingerprint, waitS);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        process.stdout.write(
          `[DRILL] queued ${job.deliveryKey}: "${alert.title}" (rule ${alert.rule}${alert.service === null ? '' : `, service ${alert.service}`}` +
            `${playbook === undefined ? '' : `, playbook ${playbook.id}`})\n`,
        );
        if (result.incident !== undefined) process.stdout.write(`[DRILL] incident ${String(result.incident)} opened\n`);
      }
    });
}

/** Polls the store until the triage has put the drill alert in an incident; fails after `seconds`. */
async function waitForIncident(config: ReturnType<typeof loadConfig>, source: string, fingerprint: string, seconds: number): Promise<string> {
  const db = await openDb(config);
  try {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const [row] = await db.query<{ incident_id: string | null; suppressed: string | null }>(sql('reports/drill-alert-incident'), [source, fingerprint]);
      if (row?.incident_id != null) return row.incident_id;
      if (Date.now() >= deadline) {
        const state = row === undefined ? 'not triaged yet (is a worker running?)' : `stored but in no incident${row.suppressed === null ? '' : ` (suppressed: ${row.suppressed})`}`;
        throw new FirebreakError('FB_ERR_INTERNAL', `the drill alert ${fingerprint} is ${state} after ${seconds} s`, { fingerprint });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await db.close();
  }
}
