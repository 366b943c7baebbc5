/** A deploy, hotfix, rollback or config change posted by CI/CD to `POST /webhooks/changes` (DESIGN.md). */
export const CHANGE_KINDS = ['deploy', 'hotfix', 'rollback', 'config'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeEvent {
  service: string;
  kind: ChangeKind;
  version: string | null;
  environment: string | null;
  /** ISO-8601 time the change went out. */
  at: string;
  author: string | null;
  description: string | null;
  url: string | null;
}
