import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/load-config.js';
import { SEVERITIES, type Severity } from '../../domain/incident.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { declareIncident } from '../../incidents/declare-incident.js';
import { createIncidentNotifier } from '../../slack/slack-wiring.js';
import { cliActor } from '../format/cli-actor.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';

/**
 * `firebreak incident open TITLE --severity S [--service S] [--symptom TEXT] [--by WHO]`: declares an incident by
 * hand, the same record and Slack message as `/incident` and `POST /incidents`; the declarer leads until someone
 * takes it.
 */
export function registerIncidentOpen(incident: Command): void {
  incident
    .command('open')
    .description('Declare an incident by hand (you lead it until someone takes the lead).')
    .argument('<title>', 'what is happening')
    .option('--severity <severity>', 'minor, major or critical', 'major')
    .option('--service <name>', 'the service affected')
    .option('--environment <name>', 'the environment affected')
    .option('--symptom <text>', 'the visible symptom')
    .option('--impact-started-at <date>', 'when users started to be affected (ISO-8601)')
    .option('--by <who>', 'who declares (default: FIREBREAK_USER or the login name)')
    .option('--json', 'print the new id as JSON')
    .action(async (title: string, options: { severity: string; service?: string; environment?: string; symptom?: string; impactStartedAt?: string; by?: string; json?: boolean }) => {
      if (!(SEVERITIES as readonly string[]).includes(options.severity)) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `--severity: expected minor, major or critical, got ${options.severity}`);
      }
      const config = loadConfig();
      const declaredBy = cliActor(options.by);
      const { id } = await withStore((db) =>
        declareIncident(
          { db, notifier: createIncidentNotifier({ config, db, logger: pino({ level: 'warn' }, pino.destination(2)) }) },
          {
            title,
            severity: options.severity as Severity,
            service: options.service ?? null,
            environment: options.environment ?? null,
            symptom: options.symptom ?? null,
            impactStartedAt: options.impactStartedAt ?? null,
            declaredBy,
            via: 'cli',
          },
        ),
      );
      if (options.json === true) printJson({ id });
      else process.stdout.write(`${id} declared (${options.severity}) by ${declaredBy}, who leads it until someone takes the lead\n`);
    });
}
