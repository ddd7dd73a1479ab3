import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import type { PowerStatus } from './power-content';
import { Power } from './power.entity';

/**
 * The status history of a power: one row each time its status is set, first at creation.
 * The status at an instant is the latest row at or before it. Insert-only.
 */
@Entity('power_status_change')
@Index('ix_power_status_change_asof', ['powerId', 'at'])
// (power_id, at) INCLUDE (status): the status as of an instant found from the index alone
@Index('ix_power_status_change_status', { synchronize: false })
@Index('ix_power_status_change_at', ['at'])
export class PowerStatusChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  powerId: string;

  @ManyToOne(() => Power, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'power_id', foreignKeyConstraintName: 'fk_power_status_change_power' })
  power?: Power;

  @Column({ type: 'varchar', length: 16 })
  status: PowerStatus;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  changeRequestId: string | null;

  @ManyToOne('ChangeRequest', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'change_request_id',
    foreignKeyConstraintName: 'fk_power_status_change_change_request',
  })
  changeRequest?: { id: string } | null;

  @Column({ type: 'uuid', nullable: true })
  changedById: string | null;
}
