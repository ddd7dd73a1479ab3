import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One mutation, as it happened: who, when, what, the ids it touched, before and after. Append-only. */
@Entity('audit_entry')
@Index('ix_audit_entry_at', ['at'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 64 })
  operation: string;

  @Index('ix_audit_entry_ids', { synchronize: false })
  @Column({ type: 'text', array: true })
  entityIds: string[];

  /** the region path of what it touched, so assessors see only their scope */
  @Column({ type: 'text', nullable: true })
  scopePath: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;
}
