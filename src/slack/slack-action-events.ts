import type { ActionEvent, ActionEvents } from '../actions/action-events.js';
import type { ActionRun } from '../actions/action-run.js';
import { ACTION_IDS, button, decisionButtons, section, type Block } from './incident-blocks.js';
import { escapeText, mention, truncate } from './mrkdwn.js';
import type { SlackOutbox } from './slack-outbox.js';

/**
 * Tells the incident's thread what happened to its action runs, and has the top message edited to match. Runs of
 * incidents that have no Slack message (declared before Slack was configured) are left to the CLI.
 */
export function createSlackActionEvents(outbox: SlackOutbox): ActionEvents {
  return {
    async emit(event: ActionEvent): Promise<void> {
      const run = event.run;
      if (!(await outbox.hasMessage(run.incidentId))) return;
      const say = (suffix: string, text: string, blocks?: Block[]) => outbox.thread(run.incidentId, `run:${run.id}:${suffix}`, text, blocks, { immediate: true });
      switch (event.kind) {
        case 'proposed':
          if (run.playbookId === 'false-positive') await say('proposed', `Rule change proposed: *${run.id}* ${escapeText(run.title)}`, ruleChangeBlocks(run));
          break;
        case 'approval-recorded':
          await say(`approval:${event.by}`, `${mention(event.by)} approved *${run.id}* ${escapeText(run.title)} (${run.approvers.length} of ${run.requiredApprovals}): it is high risk and runs when a second approver agrees.`);
          break;
        case 'approved':
          await say('approved', `*${run.id}* ${escapeText(run.title)} approved by ${approvers(run)}; running it now.`);
          break;
        case 'rejected':
          await say('rejected', `*${run.id}* ${escapeText(run.title)} rejected by ${mention(event.by)}. It will not run.`);
          break;
        case 'finished': {
          const icon = run.status === 'succeeded' ? ':white_check_mark:' : ':x:';
          const output = run.output ? `\n\`\`\`${escapeText(truncate(run.output, 1500))}\`\`\`` : '';
          await say('finished', `${icon} *${run.id}* ${escapeText(run.title)} ${run.status} (approved by ${approvers(run)}): ${escapeText(run.result ?? '')}${output}`);
          break;
        }
        case 'followup': {
          const state = event.alerts.firing === 0 ? `all ${event.alerts.resolved} linked alert(s) have resolved` : `${event.alerts.firing} linked alert(s) still firing, ${event.alerts.resolved} resolved`;
          const text = `Did *${run.id}* ${escapeText(run.title)} work? Since it ran, ${state}.`;
          await say('followup', text, [
            section(text),
            { type: 'actions', block_id: `followup:${run.id}`, elements: [button('It worked', ACTION_IDS.worked, run.id, 'primary'), button('It did not work', ACTION_IDS.notWorked, run.id, 'danger')] },
          ]);
          break;
        }
        case 'worked':
          await say('worked', `${mention(event.by)}: *${run.id}* ${escapeText(run.title)} ${event.worked ? 'worked' : 'did not work'}.${event.note === null ? '' : ` _${escapeText(truncate(event.note, 1000))}_`} Recorded as a countermeasure${event.worked ? '' : '; it will not be proposed again on this incident without saying so'}.`);
          break;
      }
      await outbox.markChanged(run.incidentId);
    },
  };
}

function approvers(run: ActionRun): string {
  return run.approvers.length > 0 ? run.approvers.map((user) => mention(user)).join(' and ') : mention(run.decidedBy);
}

function ruleChangeBlocks(run: ActionRun): Block[] {
  return [section(`*Rule change proposed:* ${escapeText(run.title)} (\`${run.id}\`, \`${run.kind}\`, risk *${run.risk}*)${run.notice ? `\n${escapeText(run.notice)}` : ''}`), decisionButtons(run)];
}
