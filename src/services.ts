import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { systemClock, type Clock } from './common/clock';
import type { Config } from './config';
import { AssessmentService } from './modules/assessment/assessment.service';
import { AuthService } from './modules/auth/auth.service';
import { TokenService } from './modules/auth/token';
import { CalendarService } from './modules/calendar/calendar.service';
import { LegalDocumentService } from './modules/catalog/legal-document.service';
import { PowerService } from './modules/catalog/power.service';
import { RegionService } from './modules/catalog/region.service';
import { ScheduleService } from './modules/catalog/schedule.service';
import { ChangeRequestService } from './modules/change/change-request.service';
import { ChangeReviewService } from './modules/change/change-review.service';
import { DeadlineService } from './modules/change/deadline.service';
import { ObligationService } from './modules/change/obligation.service';
import { ProblemService } from './modules/flow/problem.service';
import { SpreadsheetService } from './modules/spreadsheet/spreadsheet.service';
import { SupervisionService } from './modules/supervision/supervision.service';

/** The services of the process; stateless over the DataSource, built once. */
export function createServices(
  ds: DataSource,
  config: Pick<Config, 'jwtSecret' | 'jwtTtlSeconds'> & Partial<Pick<Config, 'authCacheMs'>>,
  clock: Clock = systemClock,
  log?: Logger,
) {
  const tokens = new TokenService(config.jwtSecret, config.jwtTtlSeconds);
  const calendar = new CalendarService(ds);
  const problems = new ProblemService(ds);
  const powers = new PowerService(ds);
  const schedule = new ScheduleService(ds, clock, log);
  const changes = new ChangeRequestService(ds, calendar, problems, clock, schedule);
  const obligations = new ObligationService(ds, calendar);
  // a year added or replaced moves the due dates still open that it touches
  calendar.onYearSet(async (m, year, cal, actor) => {
    await obligations.recomputeDueDates(m, year, cal, actor);
    await changes.recomputeDueDates(m, year, cal, actor);
  });
  return {
    clock,
    schedule,
    tokens,
    auth: new AuthService(ds, tokens, { authCacheMs: config.authCacheMs }),
    regions: new RegionService(ds),
    legalDocuments: new LegalDocumentService(ds),
    powers,
    calendar,
    problems,
    changes,
    reviews: new ChangeReviewService(ds, problems),
    obligations,
    deadlines: new DeadlineService(ds, calendar),
    assessment: new AssessmentService(ds, clock),
    supervision: new SupervisionService(ds),
    spreadsheets: new SpreadsheetService(ds, powers),
  };
}
export type Services = ReturnType<typeof createServices>;
