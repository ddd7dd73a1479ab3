import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import type { PowerStatus } from '../catalog/power-content';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';

// The legal supervision records (DOMAIN.md, "Legal supervision", district items 26–29) that the
// units keep, and the yearly use of each power. The detectors of `assessment/detectors/` read
// these tables with SQL; a column renamed here is renamed there.

export const OFFICER_STATUSES = ['ACTIVE', 'TRANSFERRED', 'RETIRED', 'REVOKED'] as const;
export type OfficerStatus = (typeof OFFICER_STATUSES)[number];
export const REPORT_PERIODS = ['HALF_YEAR', 'ANNUAL'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];
export const RECONSIDERATION_KINDS = [
  'RECONSIDERATION',
  'LITIGATION',
  'BEING_RECONSIDERED',
] as const;
export type ReconsiderationKind = (typeof RECONSIDERATION_KINDS)[number];

/**
 * A normative document (规范性文件) of a unit, with the dates of its planning, drafting,
 * publication and filing for review, and whether all of that ran online (item 26). The detector
 * dates it by the first of publication, drafting, planning, filing (`ix_normative_document_dated`).
 */
@Entity('normative_document')
export class NormativeDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_normative_document_unit')
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_normative_document_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'date', nullable: true })
  plannedOn: string | null;

  @Column({ type: 'date', nullable: true })
  draftedOn: string | null;

  /** an expression index: (unit_id, coalesce(published_on, drafted_on, planned_on, filed_on)) */
  @Index('ix_normative_document_dated', { synchronize: false })
  @Column({ type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ type: 'date', nullable: true })
  filedOn: string | null;

  @Column({ type: 'boolean' })
  handledOnline: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A law-enforcement officer (执法人员) as of one personnel change: when it happened (`changedOn`),
 * when the platform reflected it (`updatedOn`), and whether the certificate application or
 * registration went through the platform (item 27). One row per change.
 */
@Entity('enforcement_officer')
@Index('ix_enforcement_officer_unit_changed', ['unitId', 'changedOn'])
export class EnforcementOfficer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_enforcement_officer_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  certificateNo: string;

  @Column({ type: 'varchar', length: 16 })
  status: OfficerStatus;

  @Column({ type: 'date', nullable: true })
  changedOn: string | null;

  @Column({ type: 'date', nullable: true })
  updatedOn: string | null;

  @Column({ type: 'boolean' })
  viaPlatform: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A major administrative penalty (重大行政处罚) and its filing (备案) for review (item 28). */
@Entity('major_penalty_filing')
@Index('ix_major_penalty_filing_unit_decided', ['unitId', 'decidedOn'])
export class MajorPenaltyFiling {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_major_penalty_filing_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 300 })
  caseName: string;

  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'date', nullable: true })
  filedOn: string | null;

  @Column({ type: 'boolean' })
  formCompliant: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A unit's half-year or annual enforcement report (行政执法情况报告) and when it was submitted
 * (item 28). One per unit, year and period: recording it again updates it.
 */
@Entity('enforcement_report')
@Index('uq_enforcement_report_unit_period', ['unitId', 'year', 'period'], { unique: true })
export class EnforcementReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_enforcement_report_unit' })
  unit?: Unit;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 16 })
  period: ReportPeriod;

  @Column({ type: 'date', nullable: true })
  submittedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A case a supervising body assigned to the unit (督办案件), due to be handled and answered (item 28). */
@Entity('supervised_case')
@Index('ix_supervised_case_unit_due', ['unitId', 'dueOn'])
export class SupervisedCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_supervised_case_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'date' })
  issuedOn: string;

  @Column({ type: 'date' })
  dueOn: string;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * An administrative reconsideration or litigation case (行政复议, 行政应诉) of the unit: whether it
 * was handled or registered online, and when its periodic report was made (item 29).
 */
@Entity('reconsideration_case')
@Index('ix_reconsideration_case_unit_received', ['unitId', 'receivedOn'])
export class ReconsiderationCase {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_reconsideration_case_unit' })
  unit?: Unit;

  @Column({ type: 'varchar', length: 32 })
  kind: ReconsiderationKind;

  @Column({ type: 'date' })
  receivedOn: string;

  @Column({ type: 'boolean' })
  handledOnline: boolean;

  @Column({ type: 'date', nullable: true })
  reportedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * How many cases a power handled in a year (办件量), with the power's status when the figure was
 * recorded: the dormant/active detector flags use recorded while DORMANT or SUSPENDED, the
 * suspension detector powers with no use. One per power and year: recording it again replaces
 * the figure, the status and the time. `unitId` is the power's unit, kept for scoped reads.
 */
@Entity('power_usage')
@Index('uq_power_usage_power_year', ['powerId', 'year'], { unique: true })
@Index('ix_power_usage_unit_recorded', ['unitId', 'recordedAt'])
@Index('ix_power_usage_while_idle', ['unitId', 'recordedAt'], {
  where: `cases > 0 AND status_at_record IN ('DORMANT', 'SUSPENDED')`,
})
export class PowerUsage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  powerId: string;

  @ManyToOne(() => Power, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'power_id', foreignKeyConstraintName: 'fk_power_usage_power' })
  power?: Power;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_power_usage_unit' })
  unit?: Unit;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  cases: number;

  @Column({ type: 'varchar', length: 16 })
  statusAtRecord: PowerStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
