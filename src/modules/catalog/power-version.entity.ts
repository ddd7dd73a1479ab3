import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import type { LegalDocument } from './legal-document.entity';
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  PowerCategory,
  SubjectType,
} from './power-content';
import { Power } from './power.entity';

/**
 * One immutable version of a power's content, in force over `[validFrom, validTo)`.
 *
 * The database guards the history: versions of one power never overlap (an exclusion
 * constraint), at most one is open, and a trigger refuses every UPDATE but closing the open
 * version, and every DELETE. Flowcharts and the benchmark are JSON so a version reads whole in
 * one row; legal bases are rows of `power_version_basis` so obligations can find citing powers.
 */
@Entity('power_version')
@Index('uq_power_version_no', ['powerId', 'versionNo'], { unique: true })
@Index('ix_power_version_asof', ['powerId', 'validFrom'])
// (power_id, valid_from) INCLUDE (valid_to, id): the version in force found from the index alone
@Index('ix_power_version_in_force', { synchronize: false })
@Index('uq_power_version_open', ['powerId'], { unique: true, where: 'valid_to IS NULL' })
@Check('ck_power_version_range', `"valid_to" IS NULL OR "valid_to" > "valid_from"`)
@Exclusion(
  'ex_power_version_no_overlap',
  `USING gist ("power_id" WITH =, tstzrange("valid_from", "valid_to", '[)') WITH &&)`,
)
export class PowerVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  powerId: string;

  @ManyToOne(() => Power, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'power_id', foreignKeyConstraintName: 'fk_power_version_power' })
  power?: Power;

  @Column({ type: 'int' })
  versionNo: number;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  category: PowerCategory;

  @Column({ type: 'boolean' })
  isKey: boolean;

  @Column({ type: 'uuid' })
  subjectUnitId: string;

  @Column({ type: 'varchar', length: 16 })
  subjectType: SubjectType;

  @Column({ type: 'text', nullable: true })
  entrustingParty: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  coImplementerIds: string[];

  @Column({ type: 'int', nullable: true })
  legalTimeLimitDays: number | null;

  @Column({ type: 'int', nullable: true })
  promisedTimeLimitDays: number | null;

  @Column({ type: 'jsonb', nullable: true })
  externalFlow: FlowchartData | null;

  @Column({ type: 'jsonb', nullable: true })
  internalFlow: FlowchartData | null;

  @Column({ type: 'jsonb', nullable: true })
  discretion: DiscretionBenchmarkData | null;

  @Column({ type: 'timestamptz' })
  validFrom: Date;

  @Column({ type: 'timestamptz', nullable: true })
  validTo: Date | null;

  /** the change request whose approval made this version; null for imported first versions */
  @Column({ type: 'uuid', nullable: true })
  changeRequestId: string | null;

  @ManyToOne('ChangeRequest', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'change_request_id',
    foreignKeyConstraintName: 'fk_power_version_change_request',
  })
  changeRequest?: { id: string } | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One legal basis cited by a version, in the order entered. Insert-only, like the version. */
@Entity('power_version_basis')
@Index('uq_power_version_basis_ord', ['versionId', 'ord'], { unique: true })
export class PowerVersionBasis {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => PowerVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_power_version_basis_version' })
  version?: PowerVersion;

  @Column({ type: 'int' })
  ord: number;

  @Index('ix_power_version_basis_document')
  @Column({ type: 'uuid' })
  documentId: string;

  @Column({ type: 'text' })
  articles: string;

  @Column({ type: 'text', nullable: true })
  excerpt: string | null;

  /** the cited document, when a query joined it (not a column) */
  document?: LegalDocument;
}
