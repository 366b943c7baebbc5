import type { Logger } from '../logging/logger.js';
import type { Db } from './db.js';

/** Statistics are refreshed after this many alerts decided by this worker, then after each five times as many. */
const FIRST_REFRESH_AFTER = 200;
const REFRESH_GROWTH = 5;

/** The tables triage reads for every alert. */
const TRIAGE_TABLES = 'alerts, alert_deliveries, incidents, timeline';

/**
 * Keeps the planner's statistics of the triage tables in step with a store that grows from empty. Triage's
 * statements are prepared once per connection, and PostgreSQL plans a prepared statement for good from the
 * statistics it has then: on a new store that is "the tables are empty", a plan that scans every alert and picks
 * the wrong indexes, and it stays until statistics change. Autovacuum analyzes a table only once enough of it
 * changed and at most once a minute per database, and PGlite never does. So the worker analyzes the triage
 * tables itself after 200 alerts, then 1,000, 5,000 and so on: a few times at first, then rarely (an ANALYZE reads
 * a sample of at most 30,000 rows, milliseconds to a second).
 */
export function createPlannerStatistics(db: Db, logger: Logger): { decided(alerts: number): Promise<void> } {
  let decided = 0;
  let next = FIRST_REFRESH_AFTER;
  let running: Promise<void> | null = null;
  return {
    /** Counts decided alerts; the promise settles when the refresh this count started (if any) is done. */
    decided(alerts) {
      decided += alerts;
      if (decided < next || running !== null) return Promise.resolve();
      next = decided * REFRESH_GROWTH;
      const started = Date.now();
      running = db
        .query(`ANALYZE ${TRIAGE_TABLES}`)
        .then(() => logger.debug({ decided, tookMs: Date.now() - started, nextAfter: next }, 'planner statistics refreshed'))
        .catch((error: unknown) => logger.warn({ decided, err: { message: (error as Error).message } }, 'could not refresh the planner statistics; autovacuum will'))
        .finally(() => {
          running = null;
        });
      return running;
    },
  };
}
