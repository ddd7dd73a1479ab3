import type { DataSource } from 'typeorm';

import { diffContents, type DiffLabels, type FieldChange } from '../catalog/diff';
import type { PowerContent, PowerStatus, Problem } from '../catalog/power-content';
import { PowerVersion } from '../catalog/power-version.entity';
import { Power } from '../catalog/power.entity';
import { loadVersionContents } from '../flow/content-checks';

import type { ChangeRequest } from './change-request.entity';
import type { ContentChecker } from './change-request.service';
import { mergeDraft, statusAfter } from './change-rules';

/** What a reviewer sees of a request before (or after) it is decided. */
export interface Review {
  /** the content the request applies to: null for an ADD */
  base: PowerContent | null;
  /** what approval makes (or made) the power's content */
  preview: PowerContent | null;
  /** the status before and after, for the kinds that move it */
  status: { before: PowerStatus | null; after: PowerStatus } | null;
}

/**
 * A change request seen with eyes open (DOMAIN.md, "Reviewing a request"): the content it
 * applies to, the content approval would make (the latest version, scheduled ones included, with
 * the draft's fields over it; after approval, the version it made), what changes element by
 * element (the one diff of `catalog/diff.ts`, as `Power.diff`) and the problems of the preview
 * (the problem checks of `flow/`, as submission runs them).
 */
export class ChangeReviewService {
  /** one review per request object, i.e. per GraphQL request that reads it */
  private readonly reviews = new WeakMap<ChangeRequest, Promise<Review>>();

  constructor(
    private readonly ds: DataSource,
    private readonly checker: ContentChecker,
  ) {}

  review(cr: ChangeRequest): Promise<Review> {
    let r = this.reviews.get(cr);
    if (!r) {
      r = this.compute(cr);
      this.reviews.set(cr, r);
    }
    return r;
  }

  private async contentOf(versionId: string): Promise<PowerContent> {
    return (await loadVersionContents(this.ds, [versionId])).get(versionId)!;
  }

  private async compute(cr: ChangeRequest): Promise<Review> {
    const moves = statusAfter(cr.kind);
    const status =
      moves && cr.kind !== 'ADD' ? { before: await this.statusBefore(cr), after: moves } : null;
    const versions = this.ds.getRepository(PowerVersion);
    if (cr.appliedVersionId) {
      const applied = await versions.findOneByOrFail({ id: cr.appliedVersionId });
      const previous =
        applied.versionNo > 1
          ? await versions.findOneByOrFail({
              powerId: applied.powerId,
              versionNo: applied.versionNo - 1,
            })
          : null;
      return {
        base: previous ? await this.contentOf(previous.id) : null,
        preview: await this.contentOf(applied.id),
        status,
      };
    }
    if (cr.kind === 'ADD' || !cr.powerId) return { base: null, preview: cr.draft ?? {}, status };
    const base = await this.baseVersion(cr);
    const content = base ? await this.contentOf(base.id) : {};
    const preview = cr.kind === 'MODIFY' ? mergeDraft(content, cr.draft ?? {}) : content;
    return { base: content, preview, status };
  }

  /**
   * The version a request applies to: once decided, the one in force when it took effect;
   * otherwise the latest (a scheduled one included), which approval would build on.
   */
  private async baseVersion(cr: ChangeRequest): Promise<PowerVersion | null> {
    const qb = this.ds
      .getRepository(PowerVersion)
      .createQueryBuilder('v')
      .where('v.power_id = :powerId', { powerId: cr.powerId });
    const at = cr.status === 'APPROVED' ? (cr.effectiveFrom ?? cr.decidedAt) : null;
    if (at) qb.andWhere('v.valid_from <= :at', { at });
    return qb.orderBy('v.version_no', 'DESC').limit(1).getOne();
  }

  /**
   * The status a status change moves from: once applied, the status set before its own; else
   * the latest set (a scheduled one included).
   */
  private async statusBefore(cr: ChangeRequest): Promise<PowerStatus | null> {
    if (!cr.powerId) return null;
    const rows: { status: PowerStatus }[] = await this.ds.query(
      `SELECT s.status FROM power_status_change s
        WHERE s.power_id = $1
          AND ($2::uuid IS NULL OR s.at < (SELECT o.at FROM power_status_change o
                                            WHERE o.change_request_id = $2 LIMIT 1))
        ORDER BY s.at DESC LIMIT 1`,
      [cr.powerId, cr.status === 'APPROVED' ? cr.id : null],
    );
    if (rows[0]) return rows[0].status;
    const power = await this.ds.getRepository(Power).findOneBy({ id: cr.powerId });
    return power?.status ?? null;
  }

  /** What approval would change (after approval: what it changed), element by element. */
  async changes(cr: ChangeRequest, labels: DiffLabels): Promise<FieldChange[]> {
    const r = await this.review(cr);
    const out = diffContents(r.base ?? {}, r.preview ?? r.base ?? {}, labels);
    if (r.status && r.status.before !== r.status.after) {
      out.push({ field: 'status', path: 'status', before: r.status.before, after: r.status.after });
    }
    return out;
  }

  /** The problems the previewed content would have, with the power's status after the change. */
  async problems(cr: ChangeRequest): Promise<Problem[]> {
    const r = await this.review(cr);
    if (!r.preview) return [];
    const power = cr.powerId
      ? await this.ds.getRepository(Power).findOneBy({ id: cr.powerId })
      : null;
    return this.checker.problemsOf(r.preview, {
      unitId: cr.unitId,
      powerId: cr.powerId,
      status: r.status?.after ?? power?.status ?? 'ACTIVE',
    });
  }
}
