import type { EntityManager } from 'typeorm';

import { AuditEntry } from './audit-entry.entity';

/** Who did it and under which request; what a mutation hands the audit writer. */
export interface Actor {
  userId: string | null;
  requestId: string | null;
}

/**
 * Writes one audit entry inside the mutation's own transaction (`manager`), so the entry exists
 * exactly when the change does.
 */
export async function writeAudit(
  manager: EntityManager,
  actor: Actor,
  entry: {
    operation: string;
    entityIds: string[];
    scopePath?: string | null;
    before?: unknown;
    after?: unknown;
  },
): Promise<void> {
  await manager.insert(AuditEntry, {
    userId: actor.userId,
    requestId: actor.requestId,
    operation: entry.operation,
    entityIds: entry.entityIds,
    scopePath: entry.scopePath ?? null,
    before: (entry.before ?? null) as never,
    after: (entry.after ?? null) as never,
  });
}
