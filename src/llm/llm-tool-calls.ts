/**
 * The read-only tools offered to the model through chat-completions tool calling: their JSON schemas, the zod
 * check of the arguments the model sends, and the dispatch to the `LlmTools` the agent built. A call with bad
 * arguments or to an unknown tool is answered with an error the model can read; nothing here writes.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { LlmTools } from '../../agents/ports/llm-triage.js';

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO-8601 time');

const ARGUMENTS = {
  search_logs: z.object({ service: z.string().min(1).max(200), from: isoDate, to: isoDate, contains: z.string().max(200).optional() }),
  recent_changes: z.object({ service: z.string().min(1).max(200).optional(), since_minutes: z.number().int().min(1).max(1440) }),
  similar_incidents: z.object({ words: z.array(z.string().min(1).max(60)).min(1).max(20), service: z.string().min(1).max(200).optional() }),
  read_playbook: z.object({ id: z.string().min(1).max(200) }),
  open_incidents: z.object({}),
} as const;

export type ToolName = keyof typeof ARGUMENTS;

function tool(name: ToolName, description: string, properties: Record<string, unknown>, required: string[]): ChatCompletionFunctionTool {
  return { type: 'function', function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } } };
}

/** The tool definitions sent with each request. */
export const TOOL_DEFINITIONS: ChatCompletionFunctionTool[] = [
  tool('search_logs', 'Log lines of one service between two ISO-8601 times (at most 2 hours), optionally only lines containing a text. At most 30 lines.', {
    service: { type: 'string' },
    from: { type: 'string', description: 'ISO-8601 time' },
    to: { type: 'string', description: 'ISO-8601 time' },
    contains: { type: 'string' },
  }, ['service', 'from', 'to']),
  tool('recent_changes', 'Deploys, hotfixes, rollbacks and config changes in the last minutes (at most 1440), optionally of one service.', {
    service: { type: 'string' },
    since_minutes: { type: 'integer' },
  }, ['since_minutes']),
  tool('similar_incidents', 'Past incidents matching these words (and service), with their root cause.', {
    words: { type: 'array', items: { type: 'string' } },
    service: { type: 'string' },
  }, ['words']),
  tool('read_playbook', 'A playbook by id: checklist, diagnosis and its allowlisted actions.', { id: { type: 'string' } }, ['id']),
  tool('open_incidents', 'Incidents open now (other than this one).', {}, []),
];

/** Runs one tool call the model asked for; returns what to answer it (data, or an error it can read). */
export async function runToolCall(tools: LlmTools, name: string, rawArguments: string): Promise<{ arguments: unknown; result: unknown; error?: string }> {
  let args: unknown;
  try {
    args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch {
    return { arguments: rawArguments.slice(0, 500), result: null, error: 'arguments are not JSON' };
  }
  if (!(name in ARGUMENTS)) return { arguments: args, result: null, error: `unknown tool ${name.slice(0, 60)}; the tools are ${Object.keys(ARGUMENTS).join(', ')}` };
  const parsed = ARGUMENTS[name as ToolName].safeParse(args);
  if (!parsed.success) return { arguments: args, result: null, error: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ') };
  try {
    return { arguments: parsed.data, result: await dispatch(tools, name as ToolName, parsed.data) };
  } catch (error) {
    return { arguments: parsed.data, result: null, error: `the tool failed: ${(error as Error).message.slice(0, 200)}` };
  }
}

async function dispatch(tools: LlmTools, name: ToolName, args: Record<string, unknown>): Promise<unknown> {
  switch (name) {
    case 'search_logs': {
      const a = args as z.infer<typeof ARGUMENTS.search_logs>;
      return tools.searchLogs({ service: a.service, from: new Date(a.from), to: new Date(a.to), ...(a.contains === undefined ? {} : { contains: a.contains }) });
    }
    case 'recent_changes': {
      const a = args as z.infer<typeof ARGUMENTS.recent_changes>;
      return tools.recentChanges({ sinceMinutes: a.since_minutes, ...(a.service === undefined ? {} : { service: a.service }) });
    }
    case 'similar_incidents': {
      const a = args as z.infer<typeof ARGUMENTS.similar_incidents>;
      return tools.similarIncidents({ words: a.words, ...(a.service === undefined ? {} : { service: a.service }) });
    }
    case 'read_playbook':
      return tools.readPlaybook((args as z.infer<typeof ARGUMENTS.read_playbook>).id);
    case 'open_incidents':
      return tools.openIncidents();
  }
}
