import type { Gauge } from 'prom-client';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';

/** The BullMQ job states reported on `firebreak_queue_jobs`: a fixed set, so the label stays bounded. */
export const QUEUE_JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused', 'failed', 'completed'] as const;

/** What `getJobCounts` needs: a BullMQ `Queue` fits; kept structural so this file does not open connections. */
export interface JobCountSource {
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

/** Where the scrape-time gauges read from. Either may be absent (an API-only or a worker-only process). */
export interface ScrapeSources {
  db?: Db;
  queue?: JobCountSource;
  /** At most this many rules get a false-positive series (the ones with the most verdicts): bounded labels. */
  maxRules?: number;
}

export interface RuleVerdictRow {
  rule: string;
  false_positives: number;
  true_positives: number;
}

/**
 * The gauges that are read from the store and the queue when Prometheus scrapes, rather than counted as things
 * happen: a value kept in memory would be wrong on every replica but the one that did the work. A source that
 * fails leaves the previous values in place and counts the failure, so one slow dependency never breaks /metrics.
 */
export function createScrapeCollectors(onError: (collector: string, error: unknown) => void) {
  const sources: ScrapeSources = {};
  let ruleRows: { at: number; rows: Promise<RuleVerdictRow[]> } | null = null;

  /** One query for the two per-rule gauges of a scrape (they are collected one after the other). */
  const readRuleRows = (db: Db): Promise<RuleVerdictRow[]> => {
    const now = Date.now();
    if (ruleRows === null || now - ruleRows.at > 1_000) {
      ruleRows = { at: now, rows: db.query<RuleVerdictRow>(sql('reports/rule-verdict-counts'), [sources.maxRules ?? 100]) };
    }
    return ruleRows.rows;
  };

  const pending = new Set<Promise<void>>();
  const guard = (collector: string, work: () => Promise<void>): Promise<void> => {
    const running = work().catch((error: unknown) => onError(collector, error));
    pending.add(running);
    return running.finally(() => pending.delete(running));
  };

  return {
    /** Points the collectors at the process's store and queue; called once by whoever wires the daemon. */
    bind(next: ScrapeSources): void {
      Object.assign(sources, next);
      ruleRows = null;
    },

    /** Resolves once every collection started so far has finished (the error counter waits on it). */
    async settled(): Promise<void> {
      await Promise.all([...pending]);
    },

    queueJobs(gauge: Gauge<'state'>): Promise<void> {
      const queue = sources.queue;
      if (queue === undefined) return Promise.resolve();
      return guard('queue_jobs', async () => {
        const counts = await queue.getJobCounts(...QUEUE_JOB_STATES);
        for (const state of QUEUE_JOB_STATES) gauge.set({ state }, counts[state] ?? 0);
      });
    },

    incidentsOpen(gauge: Gauge<'severity' | 'drill'>): Promise<void> {
      const db = sources.db;
      if (db === undefined) return Promise.resolve();
      return guard('incidents_open', async () => {
        const rows = await db.query<{ severity: string; drill: boolean; open: number }>(sql('reports/open-incident-counts'));
        gauge.reset();
        for (const severity of ['minor', 'major', 'critical']) {
          for (const drill of [false, true]) {
            const row = rows.find((r) => r.severity === severity && r.drill === drill);
            gauge.set({ severity, drill: String(drill) }, row?.open ?? 0);
          }
        }
      });
    },

    ruleFalsePositiveRatio(gauge: Gauge<'rule'>): Promise<void> {
      const db = sources.db;
      if (db === undefined) return Promise.resolve();
      return guard('rule_false_positive_ratio', async () => {
        const rows = await readRuleRows(db);
        gauge.reset();
        for (const row of rows) {
          const total = row.false_positives + row.true_positives;
          if (total > 0) gauge.set({ rule: row.rule }, row.false_positives / total);
        }
      });
    },

    ruleVerdicts(gauge: Gauge<'rule' | 'verdict'>): Promise<void> {
      const db = sources.db;
      if (db === undefined) return Promise.resolve();
      return guard('rule_verdicts', async () => {
        const rows = await readRuleRows(db);
        gauge.reset();
        for (const row of rows) {
          gauge.set({ rule: row.rule, verdict: 'false_positive' }, row.false_positives);
          gauge.set({ rule: row.rule, verdict: 'true_positive' }, row.true_positives);
        }
      });
    },
  };
}
