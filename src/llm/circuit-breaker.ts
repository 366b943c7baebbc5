/**
 * A circuit breaker for the model endpoint: after `threshold` failed assessments in a row it opens, and triage
 * stops waiting on a dead endpoint for `cooldownMs`; then one trial call is let through (half-open), whose
 * success closes it and whose failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trial = false;

  constructor(
    private readonly threshold: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go out now; when it returns a reason, the call must not be made. */
  refusal(): string | null {
    if (this.openedAt === null) return null;
    const waitedMs = this.now() - this.openedAt;
    if (waitedMs >= this.cooldownMs && !this.trial) {
      this.trial = true;
      return null;
    }
    return `circuit open after ${this.failures} failed call(s); next trial in ${Math.max(0, Math.ceil((this.cooldownMs - waitedMs) / 1000))} s`;
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trial = false;
  }

  failure(): void {
    this.failures += 1;
    if (this.trial || this.failures >= this.threshold) this.openedAt = this.now();
    this.trial = false;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openedAt === null) return 'closed';
    return this.trial ? 'half-open' : 'open';
  }
}
