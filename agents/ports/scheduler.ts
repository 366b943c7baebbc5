/**
 * Deciding again later. A held alert (transient hold) asks to be looked at again at `at`. The worker implements
 * it with a BullMQ delayed job (its id derived from alert and time, so scheduling twice is harmless); the
 * evaluation implements it on its virtual clock.
 */
export interface Scheduler {
  recheckAt(alertId: number, at: Date, reason: string): Promise<void>;
}
