import type { EntityManager } from 'typeorm';

import { BadInputError, ConflictError, NotFoundError, must } from '../../errors';
import { storeContentChecks } from '../flow/content-checks';
import { contentOf } from '../flow/problem.service';

import type { PowerContent, PowerStatus } from './power-content';
import { PowerStatusChange } from './power-status-change.entity';
import { PowerVersion, PowerVersionBasis } from './power-version.entity';
import { Power } from './power.entity';

/** The content a version must have: the contract's non-null fields of PowerVersion. */
export type VersionContent = PowerContent & {
  code: string;
  name: string;
  category: NonNullable<PowerContent['category']>;
  subject: NonNullable<PowerContent['subject']>;
};

/** One change to apply: new content (a new version), a new status, or both. */
export interface ChangeToApply {
  /** null creates the power (its first version) */
  powerId: string | null;
  /** the owning unit, for a new power */
  unitId: string;
  content?: VersionContent;
  status?: PowerStatus;
  /** a stale-write guard: the version number the change was made against */
  expectedVersionNo?: number;
  changeRequestId: string | null;
  actorId: string | null;
}

export interface AppliedChange {
  power: Power;
  version: PowerVersion | null;
}

/** Says which required field of a version is missing, with its path under `root`. */
export function requireVersionContent(content: PowerContent, root: string): VersionContent {
  const missing: { path: string; message: string }[] = [];
  if (!content.code?.trim()) missing.push({ path: `${root}.code`, message: '缺少权力编码' });
  if (!content.name?.trim()) missing.push({ path: `${root}.name`, message: '缺少权力名称' });
  if (!content.category) missing.push({ path: `${root}.category`, message: '缺少权力类别' });
  if (!content.subject) missing.push({ path: `${root}.subject`, message: '缺少实施主体' });
  if (missing.length) throw new BadInputError('权力缺少必填要素', missing);
  return content as VersionContent;
}

/**
 * The one function that changes the catalog: it applies a change to a power inside the caller's
 * transaction and returns the new state. It locks the power row first, so two changes of one
 * power apply one after the other; a change made against a version that is no longer current
 * fails with CONFLICT when `expectedVersionNo` is given.
 *
 * New content closes the open version at this instant and opens the next one; a new status is
 * recorded in the status history. Nothing else writes versions or statuses.
 */
export async function applyChange(m: EntityManager, change: ChangeToApply): Promise<AppliedChange> {
  // Milliseconds, as clients' DateTime values carry: a version's start read back and asked about
  // is that version.
  const [{ now }] = (await m.query(
    `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`,
  )) as { now: Date }[];
  let power: Power;
  let previous: PowerVersion | null = null;

  if (change.powerId === null) {
    const content = must(change.content, 'content of a new power');
    if (await m.existsBy(Power, { code: content.code })) {
      throw new ConflictError(`权力编码 ${content.code} 已存在`);
    }
    power = m.create(Power, {
      code: content.code,
      unitId: change.unitId,
      status: change.status ?? 'ACTIVE',
      isKey: content.isKey ?? false,
      name: content.name,
      category: content.category,
      currentVersionId: null,
      versionCount: 0,
    });
    await m.insert(Power, power);
    await m.insert(PowerStatusChange, {
      powerId: power.id,
      status: power.status,
      at: now,
      changeRequestId: change.changeRequestId,
      changedById: change.actorId,
    });
  } else {
    const locked = await m
      .getRepository(Power)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id: change.powerId })
      .getOne();
    if (!locked) throw new NotFoundError(`权力 ${change.powerId} 不存在`);
    power = locked;
    if (change.expectedVersionNo !== undefined && change.expectedVersionNo !== power.versionCount) {
      throw new ConflictError(
        `权力 ${power.code} 已更新到第 ${power.versionCount} 版，本变更基于第 ${change.expectedVersionNo} 版，请基于最新版本重新提交`,
      );
    }
    previous = power.currentVersionId
      ? await m.findOneBy(PowerVersion, { id: power.currentVersionId })
      : null;
  }

  let version: PowerVersion | null = null;
  if (change.content) {
    const c = change.content;
    if (c.code !== power.code && (await m.existsBy(Power, { code: c.code }))) {
      throw new ConflictError(`权力编码 ${c.code} 已存在`);
    }
    // Versions of a power never overlap and time never runs backwards within one.
    const validFrom =
      previous && previous.validFrom >= now ? new Date(previous.validFrom.getTime() + 1) : now;
    if (previous) {
      await m.update(PowerVersion, { id: previous.id }, { validTo: validFrom });
    }
    version = m.create(PowerVersion, {
      powerId: power.id,
      versionNo: power.versionCount + 1,
      code: c.code,
      name: c.name.trim(),
      category: c.category,
      isKey: c.isKey ?? false,
      subjectUnitId: c.subject.unitId,
      subjectType: c.subject.type,
      entrustingParty: c.subject.entrustingParty ?? null,
      coImplementerIds: c.subject.coImplementerIds ?? [],
      legalTimeLimitDays: c.legalTimeLimitDays ?? null,
      promisedTimeLimitDays: c.promisedTimeLimitDays ?? null,
      externalFlow: c.externalFlow ?? null,
      internalFlow: c.internalFlow ?? null,
      discretion: c.discretion ?? null,
      validFrom,
      validTo: null,
      changeRequestId: change.changeRequestId,
      createdById: change.actorId,
    });
    await m.insert(PowerVersion, version);
    const bases = (c.legalBases ?? []).map((b, ord) =>
      m.create(PowerVersionBasis, {
        versionId: version!.id,
        ord,
        documentId: b.documentId,
        articles: b.articles,
        excerpt: b.excerpt ?? null,
      }),
    );
    if (bases.length) await m.insert(PowerVersionBasis, bases);
    // what the content says on its own, stored with the version, as it reads back
    await storeContentChecks(m, [{ versionId: version.id, content: contentOf(version, bases) }]);
    power.currentVersionId = version.id;
    power.versionCount = version.versionNo;
    power.code = version.code;
    power.name = version.name;
    power.category = version.category;
    power.isKey = version.isKey;
  }

  if (change.status && change.powerId !== null && change.status !== power.status) {
    power.status = change.status;
    await m.insert(PowerStatusChange, {
      powerId: power.id,
      status: change.status,
      at: now,
      changeRequestId: change.changeRequestId,
      changedById: change.actorId,
    });
  }

  await m.update(
    Power,
    { id: power.id },
    {
      currentVersionId: power.currentVersionId,
      versionCount: power.versionCount,
      code: power.code,
      name: power.name,
      category: power.category,
      isKey: power.isKey,
      status: power.status,
    },
  );
  return { power, version };
}
