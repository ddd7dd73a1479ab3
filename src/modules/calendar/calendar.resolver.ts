import {
  Arg,
  Authorized,
  Ctx,
  Field,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';

import { DayCountEnum, type DayCount } from '../../common/enums';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { actorOf, type Context } from '../../context';

@ObjectType('CalendarDay')
class CalendarDayType {
  @Field(() => DateScalar) date: string;
  @Field() workday: boolean;
  @Field(() => String, { nullable: true }) holiday: string | null;
}

@ObjectType('CalendarYear')
class CalendarYearType {
  @Field(() => Int) year: number;
  @Field({ description: '"chinese-days", or who entered it' }) source: string;
  @Field(() => Int, { description: 'statutory holiday dates in the year' }) holidays: number;
  @Field(() => Int, { description: 'weekend days worked (调休上班日)' }) adjustedWorkdays: number;
  @Field(() => Int) workdays: number;
  @Field(() => DateTimeScalar) loadedAt: Date;
}

@Resolver()
export class CalendarResolver {
  @Authorized()
  @Query(() => [CalendarYearType], { description: 'The years the calendar holds, ascending' })
  async calendarYears(@Ctx() ctx: Context): Promise<CalendarYearType[]> {
    return ctx.services.calendar.years();
  }

  @Authorized()
  @Query(() => [CalendarDayType], {
    description: 'Every day of the range, with whether it is a working day',
  })
  async workdays(
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: Context,
  ): Promise<CalendarDayType[]> {
    const cal = await ctx.services.calendar.calendar();
    return cal
      .days(from, to)
      .map((d) => ({ date: d.date, workday: d.workday, holiday: d.holiday ?? null }));
  }

  @Authorized()
  @Query(() => DateScalar, {
    description: 'The last day of a period that starts the day after `start`',
  })
  async deadline(
    @Arg('start', () => DateScalar) start: string,
    @Arg('days', () => Int) days: number,
    @Arg('count', () => DayCountEnum) count: DayCount,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return ctx.services.calendar.deadline(start, days, count);
  }

  @Authorized('ADMIN')
  @Mutation(() => Int, {
    description:
      "Adds or replaces a year's holidays and adjusted working days; returns its working-day count",
  })
  async setCalendarYear(
    @Arg('year', () => Int) year: number,
    @Arg('holidays', () => [DateScalar]) holidays: string[],
    @Arg('adjustedWorkdays', () => [DateScalar]) adjustedWorkdays: string[],
    @Ctx() ctx: Context,
  ): Promise<number> {
    return ctx.services.calendar.setYear(year, holidays, adjustedWorkdays, actorOf(ctx));
  }
}
