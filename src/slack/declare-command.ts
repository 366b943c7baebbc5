import { SEVERITIES, type Severity } from '../domain/incident.js';
import type { Block } from './incident-blocks.js';
import type { ViewSubmission } from './interaction-payload.js';

/** The callback id of the declare-incident modal. */
export const DECLARE_MODAL = 'fb_declare_incident';

/** What `/incident` was given: a title, and optionally a severity and a service. */
export interface DeclareArguments {
  title: string;
  severity: Severity | null;
  service: string | null;
  environment: string | null;
}

/**
 * Reads `/incident <title> [sev:critical|major|minor] [service:NAME] [env:NAME]`; a bare severity word
 * (`critical`, `major`, `minor`) anywhere also counts. Empty text means: open the modal.
 * @example parseDeclareText('Checkout is down sev:critical service:checkout') // { title: 'Checkout is down', severity: 'critical', ... }
 */
export function parseDeclareText(text: string): DeclareArguments {
  let severity: Severity | null = null;
  let service: string | null = null;
  let environment: string | null = null;
  const words: string[] = [];
  for (const word of text.trim().split(/\s+/).filter((part) => part.length > 0)) {
    const option = /^(sev|severity|service|svc|env|environment)[:=](.+)$/i.exec(word);
    const key = option?.[1]?.toLowerCase();
    const value = option?.[2];
    if (key !== undefined && value !== undefined) {
      if (key.startsWith('sev') && isSeverity(value.toLowerCase())) severity = value.toLowerCase() as Severity;
      else if (key === 'service' || key === 'svc') service = value;
      else if (key.startsWith('env')) environment = value;
      else words.push(word);
      continue;
    }
    if (severity === null && isSeverity(word.toLowerCase())) {
      severity = word.toLowerCase() as Severity;
      continue;
    }
    words.push(word);
  }
  return { title: words.join(' ').slice(0, 300), severity, service, environment };
}

function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** The declare modal, opened by `/incident` without text. */
export function declareModal(channel: string): Block {
  const input = (blockId: string, label: string, element: Block, optional = false): Block => ({ type: 'input', block_id: blockId, label: { type: 'plain_text', text: label }, element, optional });
  return {
    type: 'modal',
    callback_id: DECLARE_MODAL,
    private_metadata: channel,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      input('title', 'What is happening?', { type: 'plain_text_input', action_id: 'value', max_length: 300 }),
      input('severity', 'Severity', {
        type: 'static_select',
        action_id: 'value',
        initial_option: option('major'),
        options: SEVERITIES.map(option),
      }),
      input('service', 'Service', { type: 'plain_text_input', action_id: 'value' }, true),
      input('symptom', 'Visible symptom', { type: 'plain_text_input', action_id: 'value', multiline: true }, true),
    ],
  };
}

/** The declaration a submitted modal holds; null when the title is missing. */
export function readDeclareModal(payload: ViewSubmission): (DeclareArguments & { symptom: string | null }) | null {
  const values = payload.view.state.values;
  const text = (block: string) => values[block]?.value?.value?.trim() || null;
  const title = text('title');
  if (title === null) return null;
  const chosen = values.severity?.value?.selected_option?.value ?? 'major';
  return { title, severity: isSeverity(chosen) ? chosen : 'major', service: text('service'), environment: null, symptom: text('symptom') };
}

function option(severity: string): Block {
  return { text: { type: 'plain_text', text: severity }, value: severity };
}
