import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import type { PowerCategory, PowerStatus } from './power-content';
import type { PowerVersion } from './power-version.entity';
import { Unit } from './unit.entity';

/**
 * A power's stable identity (行政权力事项). Its content lives in immutable versions
 * (`PowerVersion`); `name`, `category` and `code` here are copies of the current version's (and
 * `status` the status in force), kept by the versioning function and the promotion step so lists
 * can filter, sort and search without a join.
 */
@Entity('power')
@Index('ix_power_unit_code', ['unitId', 'code'])
@Index('ix_power_next_effective', ['nextEffectiveAt'], { where: 'next_effective_at IS NOT NULL' })
export class Power {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_power_code', { unique: true })
  @Index('ix_power_code_trgm', { synchronize: false })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_power_unit' })
  unit?: Unit;

  @Index('ix_power_status')
  @Column({ type: 'varchar', length: 16 })
  status: PowerStatus;

  @Column({ type: 'boolean', default: false })
  isKey: boolean;

  @Index('ix_power_name_trgm', { synchronize: false })
  @Column({ type: 'text' })
  name: string;

  @Index('ix_power_category')
  @Column({ type: 'varchar', length: 16 })
  category: PowerCategory;

  /**
   * the version in force now: set in the transaction that creates it, or by the promotion step
   * once a scheduled version's instant has passed (the open version may be a scheduled one)
   */
  @Column({ type: 'uuid', nullable: true })
  currentVersionId: string | null;

  /**
   * when the earliest scheduled version or status change of this power takes effect; null when
   * nothing is scheduled. The promotion step (`promoteScheduled`) moves what came into force onto
   * this row and sets the next one.
   */
  @Column({ type: 'timestamptz', nullable: true })
  nextEffectiveAt: Date | null;

  @Column({ type: 'int', default: 0 })
  versionCount: number;

  /** the current version read lean (no flowcharts), when a list or look-up joined it (not a column) */
  current?: PowerVersion;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
