import { describe, expect, it } from 'vitest';
import type { ActionRun } from '../../src/actions/action-run.js';
import { incidentBlocks, incidentText, type Block } from '../../src/slack/incident-blocks.js';
import type { IncidentView } from '../../src/slack/incident-view.js';
import { SLACK_LIMITS } from '../../src/slack/mrkdwn.js';

function run(index: number, fields: Partial<ActionRun> = {}): ActionRun {
  return {
    id: `RUN-${String(index).padStart(4, '0')}`, incidentId: 'INC-0042', playbookId: 'db-pool-exhausted', actionId: `a${index}`, title: 'Restart PgBouncer on the primary',
    kind: 'http', risk: 'low', spec: {}, status: 'proposed', proposedAt: '2026-03-02T11:25:00.000Z', decidedBy: null, decidedAt: null, startedAt: null, finishedAt: null,
    result: null, output: null, attempt: 1, notice: null, requiredApprovals: 1, approvers: [], worked: null, workedBy: null, followupDueAt: null, followupAskedAt: null, ...fields,
  };
}

const incident: IncidentView = {
  id: 'INC-0042', origin: 'triage', title: 'Database connection pool exhausted on checkout', service: 'checkout', environment: 'production', status: 'open', severity: 'critical',
  lead: 'U024BE7LH', declaredBy: null, symptom: 'Checkout answers HTTP 500 for about 30% of requests', impact: null, rootCause: null, category: 'infrastructure',
  impactStartedAt: '2026-03-02T08:30:00.000Z', detectedAt: '2026-03-02T11:23:00.000Z', acknowledgedAt: null, resolvedAt: null, firstAlertAt: '2026-03-02T11:20:00.000Z',
  alerts: { total: 4, firing: 3 },
  changes: [{ kind: 'deploy', version: 'v2.14.0', at: '2026-03-02T11:05:00.000Z', author: 'ci', description: 'raise worker count', url: null }],
  suspectChange: 'deploy checkout v2.14.0 at 2026-03-02T11:05:00Z (18 minutes before the first alert)',
  logLines: ['2026-03-02T11:20:01Z FATAL: remaining connection slots are reserved', '2026-03-02T11:20:02Z pool timeout after 30000ms'],
  playbook: { id: 'db-pool-exhausted', why: 'text matched "connection pool"' },
  checklist: ['Has anything changed since the incident started? deploys, config, provider', 'Grafana "Postgres" dashboard: connections, slow queries'],
  communication: 'critical-bug',
  similar: [{ id: 'INC-0007', title: 'Pool exhausted after deploy', rootCause: 'worker count raised without raising max_connections', why: 'same service, same log line' }],
  runs: [run(1), run(2, { title: 'Fail over the database', kind: 'noop', risk: 'high', requiredApprovals: 2, approvers: ['U024BE7LH'] }), run(3, { status: 'succeeded', decidedBy: 'U024BE7LH', result: 'POST https://ops.example/restart -> HTTP 200', worked: false })],
};

/** Every text in a Block Kit tree, with its kind, to check against Slack's limits. */
function texts(blocks: Block[]): Array<{ path: string; text: string }> {
  const found: Array<{ path: string; text: string }> = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') found.push({ path, text: inner });
        else walk(inner, `${path}.${key}`);
      }
    }
  };
  walk(blocks, 'blocks');
  return found;
}

/** The mrkdwn texts of a Block Kit tree. */
function mrkdwnTexts(blocks: Block[]): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') found.push(object.text);
      Object.values(object).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

function expectWithinLimits(blocks: Block[]) {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const { text } of texts(blocks)) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  for (const block of blocks) {
    if (block.type === 'header') expect(((block.text as { text: string }).text).length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'context') expect((block.elements as unknown[]).length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    if (block.type === 'actions') {
      for (const element of block.elements as Array<{ text: { text: string }; value: string }>) {
        expect(element.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(element.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
      }
    }
  }
}

describe('the incident message in Block Kit', () => {
  it('renders one incident as in the snapshot', () => {
    expect({ text: incidentText(incident), blocks: incidentBlocks(incident) }).toMatchSnapshot();
  });

  it('keeps the visible symptom apart from the suspected cause, and shows every section the on-call reads', () => {
    const all = JSON.stringify(incidentBlocks(incident));
    for (const expected of ['*Visible symptom*', '*Suspected cause*', 'Recent changes on checkout', 'Log extract', 'db-pool-exhausted', 'Similar past incidents', 'worker count raised', '4 linked, 3 firing', 'approvals 1/2', 'did not work', 'fb_take_lead', 'fb_false_positive', 'fb_resolve']) {
      expect(all).toContain(expected);
    }
    expect(texts(incidentBlocks(incident)).filter(({ text }) => text === 'Approve')).toHaveLength(2);
  });

  it('stays within Slack limits whatever the alert text, and mentions nobody from it', () => {
    const hostile: IncidentView = {
      ...incident,
      title: `<!channel> ${'x'.repeat(5000)}`,
      symptom: `<@U999> ${'y'.repeat(10_000)}`,
      logLines: Array.from({ length: 200 }, (_, i) => `line ${i} ${'z'.repeat(900)} <!here>`),
      checklist: Array.from({ length: 100 }, (_, i) => `step ${i} ${'c'.repeat(200)}`),
      similar: Array.from({ length: 30 }, (_, i) => ({ id: `INC-${i}`, title: 't'.repeat(800), rootCause: 'r'.repeat(800), why: 'w'.repeat(300) })),
      runs: Array.from({ length: 40 }, (_, i) => run(i + 1, { title: 'T'.repeat(2000), notice: 'N'.repeat(3000), result: 'R'.repeat(3000) })),
    };
    const blocks = incidentBlocks(hostile);
    expectWithinLimits(blocks);
    // mrkdwn is where Slack reads mentions (plain_text shows them as typed); the fallback text is mrkdwn too
    const mrkdwn = [...mrkdwnTexts(blocks), incidentText(hostile)].join('\n');
    expect(mrkdwn).not.toContain('<!channel>');
    expect(mrkdwn).not.toContain('<!here>');
    expect(mrkdwn).not.toContain('<@U999>');
    expect(mrkdwn).toContain('&lt;!channel&gt;');
    expect(incidentText(hostile).length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  });

  it('hides the incident buttons once it is closed', () => {
    const blocks = incidentBlocks({ ...incident, status: 'resolved' });
    expect(JSON.stringify(blocks)).not.toContain('fb_approve');
    expect(JSON.stringify(blocks)).not.toContain('fb_take_lead');
    expectWithinLimits(blocks);
  });
});
