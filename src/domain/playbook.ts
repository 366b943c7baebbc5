import type { RootCauseCategory, Severity } from './incident.js';

/** Playbooks as loaded from `playbooks/*.yaml` (format in DESIGN.md); regexes are compiled once at load. */
export interface PlaybookMatcher {
  sources: string[] | null;
  services: string[] | null;
  labels: Array<{ name: string; pattern: RegExp }>;
  text: RegExp | null;
  logs: RegExp | null;
}

export const ACTION_KINDS = ['http', 'command', 'noop'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_RISKS = ['low', 'medium', 'high'] as const;
export type ActionRisk = (typeof ACTION_RISKS)[number];

export interface PlaybookAction {
  id: string;
  title: string;
  kind: ActionKind;
  risk: ActionRisk;
  http?: { method: string; url: string; headers?: Record<string, string>; timeoutMs?: number; body?: unknown };
  command?: { argv: string[]; timeoutMs?: number };
}

export const COMMUNICATION_TEMPLATES = ['deployment-error', 'critical-bug', 'traffic-spike'] as const;
export type CommunicationTemplate = (typeof COMMUNICATION_TEMPLATES)[number];

export interface Playbook {
  id: string;
  title: string;
  severity: Severity;
  category: RootCauseCategory;
  match: PlaybookMatcher[];
  checklist: string[];
  diagnosis: string;
  actions: PlaybookAction[];
  communication: CommunicationTemplate | null;
  /** The file it was read from, for error messages. */
  file: string;
}
