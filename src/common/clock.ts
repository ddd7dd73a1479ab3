/**
 * The service's clock: where a rule needs "now" (a scorecard of a running period, "a period that
 * starts after today"), it asks this instead of `new Date()`, so tests can fix the day.
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `at` (tests). */
export const fixedClock = (at: Date | string): Clock => {
  const t = new Date(at);
  return { now: () => new Date(t) };
};
