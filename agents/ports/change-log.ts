import type { ChangeEvent } from '../../src/domain/change-event.js';

export interface StoredChange extends ChangeEvent {
  id: number;
}

/**
 * Deploys, hotfixes, rollbacks and config changes. `record` is idempotent on its key (a redelivered change event
 * is stored once); `between` returns changes whose `at` lies in [from, to], oldest first.
 */
export interface ChangeLog {
  record(change: ChangeEvent, key: string, at: Date): Promise<void>;
  between(from: Date, to: Date): Promise<StoredChange[]>;
}
