import { AuditEntry } from '../common/audit-entry.entity';
import { Appeal, AssessmentSchemeRecord, Finding } from '../modules/assessment/assessment.entity';
import { User } from '../modules/auth/user.entity';
import { CalendarSpecialDay, CalendarYear } from '../modules/calendar/calendar-day.entity';
import { LegalDocument } from '../modules/catalog/legal-document.entity';
import { PowerStatusChange } from '../modules/catalog/power-status-change.entity';
import { PowerVersion, PowerVersionBasis } from '../modules/catalog/power-version.entity';
import { Power } from '../modules/catalog/power.entity';
import { RegionCodingRule } from '../modules/catalog/region-coding-rule.entity';
import { Region } from '../modules/catalog/region.entity';
import { Unit } from '../modules/catalog/unit.entity';
import { ChangeRequest, ChangeRequestObligation } from '../modules/change/change-request.entity';
import { LegalAmendment, Obligation, UnitAdjustment } from '../modules/change/obligation.entity';
import { PowerVersionCheck } from '../modules/flow/power-version-check.entity';
import {
  EnforcementOfficer,
  EnforcementReport,
  MajorPenaltyFiling,
  NormativeDocument,
  PowerUsage,
  ReconsiderationCase,
  SupervisedCase,
} from '../modules/supervision/supervision.entity';

/** Every entity of the service; the DataSource, the migration check and the tests use this list. */
export const ENTITIES = [
  Region,
  Unit,
  User,
  LegalDocument,
  Power,
  PowerVersion,
  PowerVersionBasis,
  PowerStatusChange,
  AuditEntry,
  CalendarYear,
  CalendarSpecialDay,
  ChangeRequest,
  ChangeRequestObligation,
  LegalAmendment,
  UnitAdjustment,
  Obligation,
  AssessmentSchemeRecord,
  Finding,
  Appeal,
  NormativeDocument,
  EnforcementOfficer,
  MajorPenaltyFiling,
  EnforcementReport,
  SupervisedCase,
  ReconsiderationCase,
  PowerUsage,
  PowerVersionCheck,
  RegionCodingRule,
];
