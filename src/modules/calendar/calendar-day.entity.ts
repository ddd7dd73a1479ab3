import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A year of the working-day calendar as published by the State Council: the year is known only
 * when a row here says so, and its special days are in `calendar_special_day`.
 */
@Entity('calendar_year')
export class CalendarYear {
  @PrimaryColumn({ type: 'int' })
  year: number;

  /** where the year came from: the `chinese-days` package, or an administrator */
  @Column({ type: 'varchar', length: 64 })
  source: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** A statutory holiday (rest day), or an adjusted working day (调休上班日) on a weekend. */
@Entity('calendar_special_day')
@Index('ix_calendar_special_day_year', ['year'])
export class CalendarSpecialDay {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'int' })
  year: number;

  /** true: an adjusted working day; false: a holiday */
  @Column({ type: 'boolean' })
  workday: boolean;

  /** the holiday's name (春节, 国庆节…), when known */
  @Column({ type: 'varchar', length: 64, nullable: true })
  name: string | null;
}
