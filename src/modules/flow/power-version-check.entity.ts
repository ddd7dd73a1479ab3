import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

import { PowerVersion } from '../catalog/power-version.entity';

import type { ContentProblems } from './problems';

/**
 * The problems a version's content has on its own (`contentProblems`), stored once: a version
 * never changes, so an assessment over a whole province reads these instead of every version's
 * flowcharts and benchmark. `revision` is the CONTENT_CHECKS_REVISION they were computed under;
 * a row of another revision, or no row (versions written before this table, or by bulk SQL), is
 * recomputed and stored when read. This is a derived cache, not a record: it may be rewritten.
 *
 * Beside the problems, what the checks that depend on the catalog around the power read of the
 * version, as plain columns, so the scorecards' state-based items are counted in SQL
 * (`src/modules/assessment/catalog-snapshot.ts`) without reading any JSON.
 */
@Entity('power_version_check')
export class PowerVersionCheck {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_power_version_check' })
  versionId: string;

  @OneToOne(() => PowerVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_power_version_check_version' })
  version?: PowerVersion;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'jsonb' })
  problems: ContentProblems;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  checkedAt: Date;

  /** the codes of `problems` */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  codes: string[];

  /** the version's code, name, category and key flag */
  @Column({ type: 'varchar', length: 64, nullable: true })
  code: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  category: string | null;

  @Column({ type: 'boolean', nullable: true })
  isKey: boolean | null;

  /** the name as the duplicate-name check compares it (`nameKey` without the unit); null when empty */
  @Column({ type: 'text', nullable: true })
  nameKey: string | null;

  /** the documents the bases cite, in their order */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  documentIds: string[];

  /** the cited documents the library did not hold when this was stored */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  unknownDocumentIds: string[];

  /** a basis names no articles */
  @Column({ type: 'boolean', default: false })
  blankArticles: boolean;

  @Column({ type: 'boolean', default: false })
  hasExternalFlow: boolean;

  /** the external chart's `approvedOn`, as its JSON says it */
  @Column({ type: 'text', nullable: true })
  externalApprovedOn: string | null;

  @Column({ type: 'boolean', default: false })
  hasDiscretion: boolean;

  @Column({ type: 'text', nullable: true })
  discretionAdjustedOn: string | null;

  @Column({ type: 'text', nullable: true })
  discretionFiledOn: string | null;

  /** the coding rule's pattern and the unit code `codeProblem` was judged under */
  @Column({ type: 'text', nullable: true })
  codeRule: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  codeUnit: string | null;

  /** the code of the coding check's problem (CODE_MISSING, CODE_BAD_FORMAT …); null when it complies */
  @Column({ type: 'varchar', length: 32, nullable: true })
  codeProblem: string | null;

  /**
   * the bases as the checks and a card's evidence read them (document and articles, in their
   * order; not the excerpts); null on rows stored before this column, read from the basis rows
   */
  @Column({ type: 'json', nullable: true })
  bases: { documentId: string; articles: string }[] | null;
}
