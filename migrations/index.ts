import { Initial1764050000000 } from './1764050000000-initial';
import { ChangeRequests1764060000000 } from './1764060000000-change-requests';
import { Supervision1764070000000 } from './1764070000000-supervision';
import { Assessment1764080000000 } from './1764080000000-assessment';
import { VersionChecks1764090000000 } from './1764090000000-version-checks';
import { CodingRuleHistory1764100000000 } from './1764100000000-coding-rule-history';
import { RegionCodingRuleFromHistory1764110000000 } from './1764110000000-region-coding-rule-from-history';
import { ChangeRequestNewestFirst1764400000000 } from './1764400000000-change-request-newest-first';
import { WorkflowDeadlines1764500000000 } from './1764500000000-workflow-deadlines';
import { FindingsAppeals1764600000000 } from './1764600000000-findings-appeals';
import { ScheduledVersions1764700000000 } from './1764700000000-scheduled-versions';
import { LoginTrust1764720000000 } from './1764720000000-login-trust';
import { ObligationNewestFirst1764730000000 } from './1764730000000-obligation-newest-first';
import { AssessmentInSql1764800000000 } from './1764800000000-assessment-in-sql';
import { EventDetectorIndexes1764810000000 } from './1764810000000-event-detector-indexes';
import { PowerScope1764840000000 } from './1764840000000-power-scope';
import { PowerState1764850000000 } from './1764850000000-power-state';
import { ObligationUnitDue1764870000000 } from './1764870000000-obligation-unit-due';
import { PowerStateCreated1764880000000 } from './1764880000000-power-state-created';
import { PowerStateChecks1764890000000 } from './1764890000000-power-state-checks';
import { PowerStateUseYears1764900000000 } from './1764900000000-power-state-use-years';
import { VersionCheckBases1764910000000 } from './1764910000000-version-check-bases';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [
  Initial1764050000000,
  ChangeRequests1764060000000,
  Supervision1764070000000,
  Assessment1764080000000,
  VersionChecks1764090000000,
  CodingRuleHistory1764100000000,
  RegionCodingRuleFromHistory1764110000000,
  ChangeRequestNewestFirst1764400000000,
  WorkflowDeadlines1764500000000,
  FindingsAppeals1764600000000,
  ScheduledVersions1764700000000,
  LoginTrust1764720000000,
  ObligationNewestFirst1764730000000,
  AssessmentInSql1764800000000,
  EventDetectorIndexes1764810000000,
  PowerScope1764840000000,
  PowerState1764850000000,
  ObligationUnitDue1764870000000,
  PowerStateCreated1764880000000,
  PowerStateChecks1764890000000,
  PowerStateUseYears1764900000000,
  VersionCheckBases1764910000000,
];
