import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker } from 'type-graphql';

import { AuditResolver } from './common/audit.resolver';
import { withUuidIds } from './common/input-guard';
import { DateTimeScalar } from './common/scalars';
import { validateArgument } from './common/validation';
import type { Context } from './context';
import { ForbiddenError, UnauthenticatedError } from './errors';
import {
  AppealFieldsResolver,
  AppealResolver,
  FindingFieldsResolver,
} from './modules/assessment/appeal.resolver';
import {
  AssessmentResolver,
  DeductionResolver,
  UnitScoreResolver,
} from './modules/assessment/assessment.resolver';
import { AuthResolver } from './modules/auth/auth.resolver';
import { CalendarResolver } from './modules/calendar/calendar.resolver';
import { LegalDocumentResolver } from './modules/catalog/legal-document.resolver';
import {
  ImplementingSubjectResolver,
  LegalBasisResolver,
  PowerResolver,
  PowerVersionResolver,
  UnitPowersResolver,
} from './modules/catalog/power.resolver';
import {
  CodingRuleResolver,
  RegionResolver,
  UnitResolver,
} from './modules/catalog/region.resolver';
import {
  ChangeRequestResolver,
  DeadlineWarningResolver,
  LegalAmendmentResolver,
  LegalDocumentAmendmentsResolver,
  ObligationResolver,
  PowerChangesResolver,
  PowerVersionChangeResolver,
  WindowPolicyResolver,
} from './modules/change/change.resolver';
import { FlowchartResolver, PowerProblemsResolver } from './modules/flow/flow.resolver';
import {
  EnforcementOfficerResolver,
  EnforcementReportResolver,
  MajorPenaltyFilingResolver,
  NormativeDocumentResolver,
  PowerUsageResolver,
  ReconsiderationCaseResolver,
  SupervisedCaseResolver,
  SupervisionResolver,
} from './modules/supervision/supervision.resolver';
import './common/enums';

export const RESOLVERS = [
  AuthResolver,
  RegionResolver,
  CodingRuleResolver,
  UnitResolver,
  UnitPowersResolver,
  LegalDocumentResolver,
  PowerResolver,
  PowerVersionResolver,
  ImplementingSubjectResolver,
  LegalBasisResolver,
  CalendarResolver,
  ChangeRequestResolver,
  ObligationResolver,
  DeadlineWarningResolver,
  LegalAmendmentResolver,
  LegalDocumentAmendmentsResolver,
  PowerChangesResolver,
  PowerVersionChangeResolver,
  WindowPolicyResolver,
  AuditResolver,
  FlowchartResolver,
  PowerProblemsResolver,
  AssessmentResolver,
  DeductionResolver,
  UnitScoreResolver,
  AppealResolver,
  FindingFieldsResolver,
  AppealFieldsResolver,
  SupervisionResolver,
  NormativeDocumentResolver,
  EnforcementOfficerResolver,
  MajorPenaltyFilingResolver,
  EnforcementReportResolver,
  SupervisedCaseResolver,
  ReconsiderationCaseResolver,
  PowerUsageResolver,
] as const;

/** `@Authorized(...roles)`: signed in, and one of the roles when any are named. */
const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  if (!context.user) throw context.authError ?? new UnauthenticatedError();
  if (roles.length && !roles.includes(context.user.role)) {
    throw new ForbiddenError('您的角色无权执行此操作');
  }
  return true;
};

let built: Promise<GraphQLSchema> | null = null;

/** The schema, built once per process; its ID is the UUID-checking `IdScalar` (input guard). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS as unknown as [Function, ...Function[]],
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validateFn: validateArgument as never,
    emitSchemaFile: false,
  }).then(withUuidIds);
  return built;
}
