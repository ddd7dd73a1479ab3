import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { Unit } from '../catalog/unit.entity';

import type { SchemeData } from './scheme';

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
}
