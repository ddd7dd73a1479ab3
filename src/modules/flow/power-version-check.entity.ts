import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';

import { PowerVersion } from '../catalog/power-version.entity';

import type { ContentProblems } from './problems';

/**
 * The problems a version's content has on its own (`contentProblems`), stored once: a version
 * never changes, so an assessment over a whole province reads these instead of every version's
 * flowcharts and benchmark. `revision` is the CONTENT_CHECKS_REVISION they were computed under;
 * a row of another revision, or no row (versions written before this table, or by bulk SQL), is
 * recomputed and stored when read. This is a derived cache, not a record: it may be rewritten.
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
}
