import type { Silence } from '../../src/domain/silence.js';

/** Planned maintenance windows. `activeAt` returns the silences whose window contains `at`. */
export interface SilenceLog {
  activeAt(at: Date): Promise<Silence[]>;
}
