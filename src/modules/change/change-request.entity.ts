import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

import type { DayCount, WindowMeasure } from '../../common/enums';
import { User } from '../auth/user.entity';
import type { PowerContent } from '../catalog/power-content';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';

export const CHANGE_KINDS = [
  'ADD',
  'MODIFY',
  'CANCEL',
  'DORMANT',
  'ACTIVATE',
  'SUSPEND',
  'RESUME',
  'NO_CHANGE',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_REQUEST_STATUSES = [
  'DRAFT',
  'SUBMITTED',
  'APPROVED',
  'REJECTED',
  'WITHDRAWN',
] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/** A change request (变更申请): drafted and filed by a unit, decided by a legal office. */
@Entity('change_request')
@Index('ix_change_request_unit_status', ['unitId', 'status'])
@Index('ix_change_request_created', ['createdAt', 'id'])
export class ChangeRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: ChangeKind;

  @Column({ type: 'varchar', length: 16 })
  status: ChangeRequestStatus;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_change_request_unit' })
  unit?: Unit;

  /** null for an ADD until it is approved */
  @Index('ix_change_request_power')
  @Column({ type: 'uuid', nullable: true })
  powerId: string | null;

  @ManyToOne(() => Power, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'power_id', foreignKeyConstraintName: 'fk_change_request_power' })
  power?: Power | null;

  @Column({ type: 'text' })
  reason: string;

  /** the first obligation it answers (all of them: `change_request_obligation`) */
  @Index('ix_change_request_obligation')
  @Column({ type: 'uuid', nullable: true })
  obligationId: string | null;

  @ManyToOne('Obligation', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'obligation_id', foreignKeyConstraintName: 'fk_change_request_obligation' })
  obligation?: { id: string } | null;

  @Column({ type: 'date', nullable: true })
  triggeredOn: string | null;

  /**
   * known as soon as its trigger or obligations are (drafts included): the earliest due date of
   * its obligations, else triggeredOn plus the unit's region policy; null while the calendar
   * lacks a year the window reaches
   */
  @Index('ix_change_request_due')
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  /** the window dueOn was computed by (null without a trigger) */
  @Column({ type: 'int', nullable: true })
  policyDays: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  policyCount: DayCount | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  policyMeasure: WindowMeasure | null;

  @Column({ type: 'boolean', default: false })
  late: boolean;

  /** ADD: the whole content; MODIFY: only the fields it changes */
  @Column({ type: 'jsonb', nullable: true })
  draft: PowerContent | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id', foreignKeyConstraintName: 'fk_change_request_decided_by' })
  decidedBy?: User | null;

  @Column({ type: 'text', nullable: true })
  decisionNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  appliedVersionId: string | null;

  /**
   * when its version or status takes (or took) effect: the approval, or the later instant the
   * reviewer set; null until approved and for NO_CHANGE
   */
  @Column({ type: 'timestamptz', nullable: true })
  effectiveFrom: Date | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_change_request_created_by' })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  rowVersion: number;
}

/** Every obligation a change request answers (one request may answer several of its power). */
@Entity('change_request_obligation')
export class ChangeRequestObligation {
  @PrimaryColumn({ type: 'uuid' })
  changeRequestId: string;

  @Index('ix_change_request_obligation_obligation')
  @PrimaryColumn({ type: 'uuid' })
  obligationId: string;

  @ManyToOne(() => ChangeRequest, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'change_request_id',
    foreignKeyConstraintName: 'fk_change_request_obligation_request',
  })
  changeRequest?: ChangeRequest;

  @ManyToOne('Obligation', { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'obligation_id',
    foreignKeyConstraintName: 'fk_change_request_obligation_obligation',
  })
  obligation?: { id: string };
}
