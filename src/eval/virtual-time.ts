import type { Clock } from '../../agents/ports/clock.js';
import type { Scheduler } from '../../agents/ports/scheduler.js';

/** The evaluation's clock: it stands where the replay put it, never moving by itself. */
export class VirtualClock implements Clock {
  private current: Date;

  constructor(start: Date) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }
}

export interface DueRecheck {
  at: Date;
  alertId: number;
  reason: string;
  order: number;
}

/**
 * The evaluation's scheduler: rechecks wait in time order (then in the order they were asked for) until the
 * replay reaches their time, as BullMQ's delayed jobs would. Asking twice for the same alert, time and reason
 * schedules once, like a delayed job with the same id.
 */
export class VirtualScheduler implements Scheduler {
  private readonly pending: DueRecheck[] = [];
  private readonly keys = new Set<string>();
  private counter = 0;

  async recheckAt(alertId: number, at: Date, reason: string): Promise<void> {
    const key = `${alertId}:${at.getTime()}:${reason}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.pending.push({ at, alertId, reason, order: this.counter++ });
    this.pending.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  }

  /** The next recheck due at or before `until`, removed from the queue. */
  takeDue(until: Date): DueRecheck | undefined {
    const next = this.pending[0];
    if (next === undefined || next.at.getTime() > until.getTime()) return undefined;
    return this.pending.shift();
  }
}
