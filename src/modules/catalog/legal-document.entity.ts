import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { LegalLevelEnum } from '../../common/enums';
import { DateScalar } from '../../common/scalars';

import type { LegalLevel } from './power-content';

/** A law, regulation, rule or normative document that powers cite as their basis. */
@ObjectType('LegalDocument')
@Entity('legal_document')
export class LegalDocument {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Index('ix_legal_document_title_trgm', { synchronize: false })
  @Column({ type: 'text' })
  title: string;

  @Field()
  @Column({ type: 'text' })
  issuer: string;

  @Field(() => LegalLevelEnum)
  @Column({ type: 'varchar', length: 32 })
  level: LegalLevel;

  @Field(() => DateScalar)
  @Column({ type: 'date' })
  promulgatedOn: string;

  @Field(() => DateScalar, { nullable: true })
  @Column({ type: 'date', nullable: true })
  effectiveOn: string | null;

  /** set when an amendment repeals it */
  @Field(() => DateScalar, { nullable: true })
  @Column({ type: 'date', nullable: true })
  repealedOn: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
