import { Field, ID, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import {
  RegionLevelEnum,
  type DayCount,
  type RegionLevel,
  type WindowMeasure,
} from '../../common/enums';

/**
 * A region (行政区划): province, city or county. `path` is the chain of region codes from the
 * province down ("320000/320400/320411"), so a subtree is one indexed prefix match.
 */
@ObjectType('Region')
@Entity('region')
export class Region {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: '6-digit administrative division code' })
  @Index('uq_region_code', { unique: true })
  @Column({ type: 'varchar', length: 6 })
  code: string;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => RegionLevelEnum)
  @Column({ type: 'varchar', length: 16 })
  level: RegionLevel;

  @Index('ix_region_parent')
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_region_parent' })
  parent?: Region | null;

  @Index('ix_region_path', { synchronize: false })
  @Column({ type: 'text' })
  path: string;

  /** the window policy; null columns mean the default for the level (DOMAIN.md) */
  @Column({ type: 'int', nullable: true })
  windowDays: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  windowCount: DayCount | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  windowMeasure: WindowMeasure | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
