import { registerEnumType } from 'type-graphql';

import {
  CIRCUMSTANCE_KINDS,
  FLOW_NODE_KINDS,
  LEGAL_LEVELS,
  POWER_CATEGORIES,
  POWER_STATUSES,
  RISK_LEVELS,
  SUBJECT_TYPES,
} from '../modules/catalog/power-content';

/** Turns a const list of names into the `{ NAME: 'NAME' }` object type-graphql registers. */
export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const ROLES = [
  'ADMIN',
  'LEGAL_REVIEWER',
  'UNIT_LEGAL',
  'UNIT_OPERATOR',
  'ASSESSOR',
] as const;
export type Role = (typeof ROLES)[number];
export const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const DAY_COUNTS = ['WORKING_DAYS', 'CALENDAR_DAYS'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];
export const WINDOW_MEASURES = ['FILED', 'COMPLETED'] as const;
export type WindowMeasure = (typeof WINDOW_MEASURES)[number];

export const RoleEnum = enumObject(ROLES);
export const RegionLevelEnum = enumObject(REGION_LEVELS);
export const DayCountEnum = enumObject(DAY_COUNTS);
export const WindowMeasureEnum = enumObject(WINDOW_MEASURES);
export const PowerCategoryEnum = enumObject(POWER_CATEGORIES);
export const PowerStatusEnum = enumObject(POWER_STATUSES);
export const SubjectTypeEnum = enumObject(SUBJECT_TYPES);
export const LegalLevelEnum = enumObject(LEGAL_LEVELS);
export const FlowNodeKindEnum = enumObject(FLOW_NODE_KINDS);
export const RiskLevelEnum = enumObject(RISK_LEVELS);
export const CircumstanceKindEnum = enumObject(CIRCUMSTANCE_KINDS);

registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(RegionLevelEnum, { name: 'RegionLevel' });
registerEnumType(DayCountEnum, { name: 'DayCount' });
registerEnumType(WindowMeasureEnum, { name: 'WindowMeasure' });
registerEnumType(PowerCategoryEnum, { name: 'PowerCategory' });
registerEnumType(PowerStatusEnum, { name: 'PowerStatus' });
registerEnumType(SubjectTypeEnum, { name: 'SubjectType' });
registerEnumType(LegalLevelEnum, { name: 'LegalLevel' });
registerEnumType(FlowNodeKindEnum, { name: 'FlowNodeKind' });
registerEnumType(RiskLevelEnum, { name: 'RiskLevel' });
registerEnumType(CircumstanceKindEnum, { name: 'CircumstanceKind' });
