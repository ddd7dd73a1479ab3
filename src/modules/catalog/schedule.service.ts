import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import type { Clock } from '../../common/clock';

import { promoteScheduled } from './versioning';

const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/** How long promotion waits after a failure before it tries again. */
const RETRY_MS = 60_000;

/**
 * Keeps the power rows on what is in force now when versions and status changes are scheduled
 * (issue 12 item 5): reads of `current` and of the status keep reading `power` alone, as fast as
 * before, because before anything is served this checks, in memory, whether the earliest
 * scheduled instant has passed (by the service's clock), and only then runs the promotion step
 * (`promoteScheduled`: two statements in one transaction) and reads the next instant.
 *
 * The earliest instant is read from the database when the server starts (after its migrations:
 * until then, at the first request) and lowered by every approval that schedules. A change
 * scheduled by another process on the same database is promoted by whichever process serves a
 * request first after its instant; this one learns of it at its next start.
 */
export class ScheduleService {
  /** epoch ms of the earliest scheduled change; null: none; undefined: not read yet */
  private next: number | null | undefined = undefined;
  /** what approvals noted while the instant was being read, so a read cannot lose it */
  private notedDuringRead: number | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly log?: Logger,
  ) {}

  /** Reads the earliest scheduled instant; false when the database cannot say yet. */
  async load(): Promise<boolean> {
    this.notedDuringRead = null;
    try {
      const [{ next }] = (await this.ds.query(
        `SELECT min(next_effective_at) AS next FROM power`,
      )) as { next: Date | null }[];
      this.next = earliest(next ? next.getTime() : null, this.notedDuringRead);
      return true;
    } catch (err) {
      // before the migrations: read again at the first request
      this.log?.debug({ err }, 'scheduled changes not read yet');
      return false;
    }
  }

  /** An approval scheduled a change at `at` (called once its transaction committed). */
  noteScheduled(at: Date): void {
    this.notedDuringRead = earliest(this.notedDuringRead, at.getTime());
    if (this.next !== undefined) this.next = earliest(this.next, at.getTime());
  }

  /** Promotes what has come into force, when anything has; a comparison in memory otherwise. */
  async promoteDue(): Promise<void> {
    if (this.next === undefined && !(await this.load())) return;
    if (this.next === null || this.next === undefined) return;
    if (this.clock.now().getTime() < this.next) return;
    this.running ??= this.promote().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async promote(): Promise<void> {
    const now = this.clock.now();
    try {
      const promoted = await this.ds.transaction((m) => promoteScheduled(m, now));
      if (promoted.length)
        this.log?.info({ powers: promoted.length }, 'scheduled changes in force');
    } catch (err) {
      this.log?.error({ err }, 'promoting scheduled changes failed; retrying in a minute');
      this.next = now.getTime() + RETRY_MS;
      return;
    }
    await this.load();
  }
}
