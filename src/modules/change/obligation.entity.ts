import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import type { DayCount, WindowMeasure } from '../../common/enums';
import { LegalDocument } from '../catalog/legal-document.entity';
import { Power } from '../catalog/power.entity';
import { Unit } from '../catalog/unit.entity';

/** A law amended or repealed (修改, 废止), recorded by a legal office. */
@Entity('legal_amendment')
@Index('ux_legal_amendment_document_date', ['documentId', 'amendedOn'], { unique: true })
export class LegalAmendment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  documentId: string;

  @ManyToOne(() => LegalDocument, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'fk_legal_amendment_document' })
  document?: LegalDocument;

  @Column({ type: 'date' })
  amendedOn: string;

  @Column({ type: 'boolean', default: false })
  repeal: boolean;

  @Column({ type: 'text' })
  note: string;

  /** when the amended text takes effect, if later than amendedOn */
  @Column({ type: 'date', nullable: true })
  effectiveOn: string | null;

  /** the articles changed, as written ("第十二条、第三十条"); null: the whole document */
  @Column({ type: 'text', nullable: true })
  articles: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  retractedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  retractReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  retractedById: string | null;
}

/** A unit's functions adjusted (机构职能调整). */
@Entity('unit_adjustment')
@Index('ux_unit_adjustment_unit_date', ['unitId', 'decidedOn'], { unique: true })
export class UnitAdjustment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_unit_adjustment_unit' })
  unit?: Unit;

  @Column({ type: 'date' })
  decidedOn: string;

  @Column({ type: 'text' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * An obligation to change a power, opened by an event (a law's amendment, a unit's adjustment)
 * and due per the owning unit's region policy, frozen here as it was when it opened.
 */
@Entity('obligation')
@Index('ix_obligation_due', ['dueOn'])
@Index('ix_obligation_created', ['createdAt', 'id'])
// a unit's obligations due in a period (a scorecard), and by unit alone
@Index('ix_obligation_unit_due', ['unitId', 'dueOn'])
export class Obligation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_obligation_power')
  @Column({ type: 'uuid' })
  powerId: string;

  @ManyToOne(() => Power, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'power_id', foreignKeyConstraintName: 'fk_obligation_power' })
  power?: Power;

  /** the owning unit when it opened, for scope and scoring */
  @Column({ type: 'uuid' })
  unitId: string;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_obligation_unit' })
  unit?: Unit;

  @Column({ type: 'text' })
  cause: string;

  @Index('ix_obligation_amendment')
  @Column({ type: 'uuid', nullable: true })
  amendmentId: string | null;

  @ManyToOne(() => LegalAmendment, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'amendment_id', foreignKeyConstraintName: 'fk_obligation_amendment' })
  amendment?: LegalAmendment | null;

  @Index('ix_obligation_adjustment')
  @Column({ type: 'uuid', nullable: true })
  adjustmentId: string | null;

  @ManyToOne(() => UnitAdjustment, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'adjustment_id', foreignKeyConstraintName: 'fk_obligation_adjustment' })
  adjustment?: UnitAdjustment | null;

  @Column({ type: 'date' })
  triggeredOn: string;

  /** null while the calendar lacks a year the window reaches; filled in when the year arrives */
  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'int' })
  policyDays: number;

  @Column({ type: 'varchar', length: 16 })
  policyCount: DayCount;

  @Column({ type: 'varchar', length: 16 })
  policyMeasure: WindowMeasure;

  @Column({ type: 'uuid', nullable: true })
  metById: string | null;

  @Column({ type: 'date', nullable: true })
  metOn: string | null;

  /** set when the amendment that opened it is retracted before it was met */
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
