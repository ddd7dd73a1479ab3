import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { User } from '../auth/user.entity';
import { Unit } from '../catalog/unit.entity';

import type { SchemeData } from './scheme';
import type { AppealStatus } from './scorecard.types';

/** An assessment scheme as loaded by the seed step from `seeds/schemes/`; the service reads these. */
@Entity('assessment_scheme')
export class AssessmentSchemeRecord {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_assessment_scheme' })
  code: string;

  @Column({ type: 'jsonb' })
  data: SchemeData;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  loadedAt: Date;
}

/** An assessor's finding: points taken (or, on a bonus item, given) by hand, with the reason. */
@Entity('finding')
@Index('ix_finding_scope', ['scheme', 'unitId', 'occurredOn'])
@Check('ck_finding_withdrawn', `("withdrawn_at" IS NULL) = ("withdraw_reason" IS NULL)`)
@Check('ck_finding_points', `"points" >= 0`)
export class Finding {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_finding' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  scheme: string;

  @Column({ type: 'varchar', length: 16 })
  itemCode: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_finding_unit' })
  unit?: Unit;

  @Column({
    type: 'numeric',
    precision: 8,
    scale: 2,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  points: number;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'date' })
  occurredOn: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** withdrawn findings are kept, marked, and no longer scored */
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  withdrawnById: string | null;
}

/** The deduction an appeal contests, as the scorecard showed it when the appeal was filed. */
export interface AppealedDeduction {
  points: number;
  reason: string;
  occurredOn: string | null;
  powerId: string | null;
  versionId: string | null;
  changeRequestId: string | null;
  obligationId: string | null;
  recordId: string | null;
  manual: boolean;
}

/**
 * A unit's appeal (申诉) against one deduction of a scheme, and the assessor's decision (复核): an
 * overturned deduction no longer counts in that scheme. One appeal per deduction.
 */
@Entity('appeal')
@Unique('uq_appeal_deduction', ['scheme', 'deductionId'])
@Index('ix_appeal_unit', ['unitId', 'status'])
@Check('ck_appeal_status', `"status" IN ('OPEN', 'UPHELD', 'OVERTURNED')`)
@Check('ck_appeal_decided', `("status" = 'OPEN') = ("decided_at" IS NULL)`)
export class Appeal {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_appeal' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  scheme: string;

  @Column({ type: 'uuid' })
  deductionId: string;

  @Column({ type: 'varchar', length: 16 })
  itemCode: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_appeal_unit' })
  unit?: Unit;

  /** the period of the scorecard the deduction was appealed from */
  @Column({ type: 'date' })
  periodFrom: string;

  @Column({ type: 'date' })
  periodTo: string;

  @Column({ type: 'jsonb' })
  deduction: AppealedDeduction;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'OPEN' })
  status: AppealStatus;

  @Column({ type: 'uuid' })
  filedById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'filed_by_id', foreignKeyConstraintName: 'fk_appeal_filed_by' })
  filedBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  filedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;
}
