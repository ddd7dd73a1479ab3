import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { Region } from './region.entity';

/**
 * The history of a region's coding rule: one row each time it is set or cleared (`pattern` null).
 * The rule in force at an instant is the latest row before it, so an assessment of a past period
 * judges codes by the rule of that period, and today's rule is the latest row. Insert-only.
 */
@Entity('region_coding_rule')
@Index('ix_region_coding_rule_asof', ['regionId', 'validFrom'])
export class RegionCodingRule {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_region_coding_rule' })
  id: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => Region, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_region_coding_rule_region' })
  region?: Region;

  @Column({ type: 'text', nullable: true })
  pattern: string | null;

  @Column({ type: 'timestamptz' })
  validFrom: Date;

  @Column({ type: 'uuid', nullable: true })
  setById: string | null;
}
