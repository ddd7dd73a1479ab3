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

import { RoleEnum, type Role } from '../../common/enums';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';

/** A person who logs in. Unit roles carry a unit; reviewers and assessors a region. */
@ObjectType('User')
@Entity('app_user')
// one account per username whatever its case: a unique index on lower(username) (migration)
@Index('uq_app_user_username_ci', { synchronize: false })
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Index('uq_app_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'text' })
  passwordHash: string;

  @Field(() => RoleEnum)
  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => Unit, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_app_user_unit' })
  unit?: Unit | null;

  @Column({ type: 'uuid', nullable: true })
  regionId: string | null;

  @ManyToOne(() => Region, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_id', foreignKeyConstraintName: 'fk_app_user_region' })
  region?: Region | null;

  /** tokens carry the epoch they were signed in; changePassword moves it on, revoking them all */
  @Column({ type: 'integer', default: 0 })
  tokenEpoch: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
