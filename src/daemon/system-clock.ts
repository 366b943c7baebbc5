import type { Clock } from '../../agents/ports/clock.js';

/** The wall clock, for the running daemon (`firebreak eval` passes a virtual one instead). */
export const systemClock: Clock = { now: () => new Date() };
