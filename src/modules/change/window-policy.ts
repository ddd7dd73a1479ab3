import { IsIn } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';

import {
  DAY_COUNTS,
  DayCountEnum,
  WINDOW_MEASURES,
  WindowMeasureEnum,
  type DayCount,
  type RegionLevel,
  type WindowMeasure,
} from '../../common/enums';
import { WholeNumber } from '../../common/validation';

/** How long a unit has to act after a law or its functions change, and what must happen by then. */
@ObjectType('WindowPolicy')
export class WindowPolicy {
  @Field(() => Int)
  days: number;

  @Field(() => DayCountEnum)
  count: DayCount;

  @Field(() => WindowMeasureEnum)
  measure: WindowMeasure;
}

@InputType('WindowPolicyInput')
export class WindowPolicyInput {
  @Field(() => Int)
  @WholeNumber(1, 366, true)
  days: number;

  @Field(() => DayCountEnum)
  @IsIn(DAY_COUNTS, { message: '计日方式无效' })
  count: DayCount;

  @Field(() => WindowMeasureEnum)
  @IsIn(WINDOW_MEASURES, { message: '衡量方式无效' })
  measure: WindowMeasure;
}

/**
 * DOMAIN.md: provincial rule (附件2 item 43) a change request filed within 10 working days;
 * municipal rule (附件3 item 47) the catalog updated within 30 days. Cities and counties follow
 * the municipal rule.
 */
export function defaultWindowPolicy(level: RegionLevel): WindowPolicy {
  return level === 'PROVINCE'
    ? { days: 10, count: 'WORKING_DAYS', measure: 'FILED' }
    : { days: 30, count: 'CALENDAR_DAYS', measure: 'COMPLETED' };
}

/** A region's policy: its own when set, else the default for its level. */
export function windowPolicyOf(region: {
  level: RegionLevel;
  windowDays: number | null;
  windowCount: DayCount | null;
  windowMeasure: WindowMeasure | null;
}): WindowPolicy {
  if (region.windowDays && region.windowCount && region.windowMeasure) {
    return { days: region.windowDays, count: region.windowCount, measure: region.windowMeasure };
  }
  return defaultWindowPolicy(region.level);
}
