import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { BadInputError, ConflictError, InternalError, NotFoundError, must } from '../../errors';
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
  /**
   * a later instant the change takes effect at (a scheduled version or status change); absent:
   * now. It must come after the latest version (or status) already set, scheduled ones included.
   */
  effectiveFrom?: Date;
  changeRequestId: string | null;
  actorId: string | null;
  /**
   * When an existing power's change took effect, for a catalog brought in with its past (the
   * demo's history); default now. It must fall after the power's current version began and its
   * last status change, and not after now: versions stay contiguous and time never runs back.
   */
  at?: Date;
}

export interface AppliedChange {
  power: Power;
  version: PowerVersion | null;
  /** when the new version or status takes effect; null when nothing was applied */
  effectiveFrom: Date | null;
}

const iso = (d: Date) => d.toISOString();

/** The latest status set for a power (a scheduled one included), with its instant. */
export async function latestStatus(
  m: EntityManager,
  powerId: string,
): Promise<{ status: PowerStatus; at: Date } | null> {
  const rows: { status: PowerStatus; at: Date }[] = await m.query(
    `SELECT status, at FROM power_status_change WHERE power_id = $1 ORDER BY at DESC LIMIT 1`,
    [powerId],
  );
  return rows[0] ?? null;
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

/** The columns of a version that its content gives, as stored (the name trimmed, defaults set). */
function versionColumns(c: VersionContent) {
  return {
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
  };
}

/**
 * The one function that changes the catalog: it applies a change to a power inside the caller's
 * transaction and returns the new state. It locks the power row first, so two changes of one
 * power apply one after the other; a change made against a version that is no longer current
 * fails with CONFLICT when `expectedVersionNo` is given.
 *
 * New content closes the open version at this instant (or at `effectiveFrom`) and opens the next
 * one; a new status is recorded in the status history. A scheduled change leaves the power row
 * on what is in force now and sets `next_effective_at`; `promoteScheduled` moves the row on once
 * the instant has passed. A change now while a later one is already scheduled is CONFLICT (it
 * would slip under it): schedule it after that one. Nothing else writes versions or statuses.
 */
export async function applyChange(m: EntityManager, change: ChangeToApply): Promise<AppliedChange> {
  // Milliseconds, as clients' DateTime values carry: a version's start read back and asked about
  // is that version.
  const [{ now: clock }] = (await m.query(
    `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`,
  )) as { now: Date }[];
  const now = change.at ?? clock;
  if (change.at && (change.powerId === null || change.at > clock)) {
    throw new InternalError('a past change applies to an existing power, at an instant before now');
  }
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
    // the latest version, a scheduled one included: what the next one follows
    previous = power.versionCount
      ? await m.findOneBy(PowerVersion, { powerId: power.id, versionNo: power.versionCount })
      : null;
    if (change.at) await requireAfterHistory(m, power, previous, change.at);
  }
  const scheduled = change.effectiveFrom ?? null;
  let effectiveFrom: Date | null = null;

  let version: PowerVersion | null = null;
  if (change.content) {
    const c = change.content;
    if (c.code !== power.code && (await m.existsBy(Power, { code: c.code }))) {
      throw new ConflictError(`权力编码 ${c.code} 已存在`);
    }
    if (previous && scheduled && scheduled <= previous.validFrom) {
      throw new BadInputError(
        `第 ${previous.versionNo} 版自 ${iso(previous.validFrom)} 起生效，新版本须在其后生效`,
        [{ path: 'effectiveFrom', message: `须晚于 ${iso(previous.validFrom)}` }],
      );
    }
    if (previous && !scheduled && previous.id !== power.currentVersionId) {
      throw new ConflictError(
        `第 ${previous.versionNo} 版定于 ${iso(previous.validFrom)} 生效，在此之前不能再改变内容；请指定其后的生效时间`,
      );
    }
    // Versions of a power never overlap and time never runs backwards within one.
    const validFrom =
      scheduled ??
      (previous && previous.validFrom >= now ? new Date(previous.validFrom.getTime() + 1) : now);
    effectiveFrom = validFrom;
    if (previous) {
      await m.update(PowerVersion, { id: previous.id }, { validTo: validFrom });
    }
    version = m.create(PowerVersion, {
      powerId: power.id,
      versionNo: power.versionCount + 1,
      ...versionColumns(c),
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
    power.versionCount = version.versionNo;
    if (!scheduled) {
      power.currentVersionId = version.id;
      power.code = version.code;
      power.name = version.name;
      power.category = version.category;
      power.isKey = version.isKey;
    }
  }

  if (change.status && change.powerId !== null) {
    const last = await latestStatus(m, power.id);
    if (last && scheduled && scheduled <= last.at) {
      throw new BadInputError(`状态已定于 ${iso(last.at)} 变更，新的状态变更须在其后生效`, [
        { path: 'effectiveFrom', message: `须晚于 ${iso(last.at)}` },
      ]);
    }
    if (last && !scheduled && last.at > now) {
      throw new ConflictError(
        `状态已定于 ${iso(last.at)} 变更，在此之前不能再变更状态；请指定其后的生效时间`,
      );
    }
    if (change.status !== (last?.status ?? power.status)) {
      const at = scheduled ?? now;
      effectiveFrom = at;
      if (!scheduled) power.status = change.status;
      await m.insert(PowerStatusChange, {
        powerId: power.id,
        status: change.status,
        at,
        changeRequestId: change.changeRequestId,
        changedById: change.actorId,
      });
    }
  }
  if (scheduled && effectiveFrom) {
    power.nextEffectiveAt =
      power.nextEffectiveAt && power.nextEffectiveAt < scheduled
        ? power.nextEffectiveAt
        : scheduled;
  }
  if (change.powerId === null) effectiveFrom = now;

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
      nextEffectiveAt: power.nextEffectiveAt ?? null,
    },
  );
  return { power, version, effectiveFrom };
}

/**
 * The promotion step of scheduled changes: every power with a change due by `now` gets the
 * version and status in force at `now` onto its row (with the copies of the version's code,
 * name, category and key flag) and the instant of its next scheduled change, or null. Locks the
 * rows first, then reads in a new statement, so a change scheduled concurrently is seen. Returns
 * the powers promoted.
 */
export async function promoteScheduled(m: EntityManager, now: Date): Promise<string[]> {
  const due: { id: string }[] = await m.query(
    `SELECT id FROM power WHERE next_effective_at <= $1 ORDER BY id FOR UPDATE`,
    [now],
  );
  if (!due.length) return [];
  const rows: { id: string }[] = await m.query(
    `UPDATE power p
        SET current_version_id = v.id, code = v.code, name = v.name, category = v.category,
            is_key = v.is_key,
            status = coalesce((SELECT s.status FROM power_status_change s
                                WHERE s.power_id = p.id AND s.at <= $2
                                ORDER BY s.at DESC LIMIT 1), p.status),
            next_effective_at = (SELECT min(t) FROM (
                SELECT min(x.valid_from) AS t FROM power_version x
                 WHERE x.power_id = p.id AND x.valid_from > $2
                UNION ALL
                SELECT min(s.at) FROM power_status_change s
                 WHERE s.power_id = p.id AND s.at > $2) n),
            updated_at = now()
       FROM power_version v
      WHERE p.id = ANY($1) AND v.power_id = p.id AND v.valid_from <= $2
        AND (v.valid_to IS NULL OR v.valid_to > $2)
      RETURNING p.id`,
    [due.map((d) => d.id), now],
  );
  return rows.map((r) => r.id);
}

/**
 * A past change must come after everything the power already has: its current version's start
 * and its last status change.
 */
async function requireAfterHistory(
  m: EntityManager,
  power: Power,
  previous: PowerVersion | null,
  at: Date,
): Promise<void> {
  const [last] = (await m.query(
    `SELECT max(at) AS at FROM power_status_change WHERE power_id = $1`,
    [power.id],
  )) as { at: Date | null }[];
  if ((previous && previous.validFrom >= at) || (last.at && last.at >= at)) {
    throw new InternalError(
      `a past change of power ${power.code} at ${at.toISOString()} comes before its history`,
    );
  }
}

/** A new power to create in bulk: its owning unit, first status and the content of version 1. */
export interface NewPower {
  unitId: string;
  status?: PowerStatus;
  content: VersionContent;
  /** when it entered the catalog, for a catalog brought in with its past; default now */
  since?: Date;
}

/** How many rows one bulk statement writes. */
const BULK_CHUNK = 2000;

/** Inserts `rows` into `table` with one statement per chunk, through `jsonb_to_recordset`. */
async function insertRecords(
  m: EntityManager,
  table: string,
  columns: string,
  rows: object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BULK_CHUNK) {
    await m.query(
      `INSERT INTO ${table} SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${columns})`,
      [JSON.stringify(rows.slice(i, i + BULK_CHUNK))],
    );
  }
}

/**
 * Creates new powers, each with its first version, status and bases, with set-based writes (a
 * few statements per 2,000 powers) inside the caller's transaction: what `applyChange` does for
 * one new power, for many at once. Every version starts at the same instant. A code already taken
 * is CONFLICT, whether found here or by the unique index as the rows are written.
 */
export async function createPowers(
  m: EntityManager,
  powers: NewPower[],
  actorId: string | null,
): Promise<Power[]> {
  if (!powers.length) return [];
  const [{ now }] = (await m.query(
    `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`,
  )) as { now: Date }[];
  const codes = powers.map((p) => p.content.code);
  const taken: { code: string }[] = await m.query(
    `SELECT code FROM power WHERE code = ANY($1) ORDER BY code`,
    [codes],
  );
  if (taken.length) {
    throw new ConflictError(`权力编码已存在：${taken.map((p) => p.code).join('、')}`);
  }
  const created: Power[] = [];
  const versions: PowerVersion[] = [];
  const bases: PowerVersionBasis[] = [];
  for (const p of powers) {
    const c = p.content;
    if (p.since && p.since > now) throw new InternalError('a power cannot enter the catalog later');
    const since = p.since ?? now;
    const version = m.create(PowerVersion, {
      id: randomUUID(),
      powerId: randomUUID(),
      versionNo: 1,
      ...versionColumns(c),
      validFrom: since,
      validTo: null,
      changeRequestId: null,
      createdById: actorId,
    });
    versions.push(version);
    (c.legalBases ?? []).forEach((b, ord) =>
      bases.push(
        m.create(PowerVersionBasis, {
          id: randomUUID(),
          versionId: version.id,
          ord,
          documentId: b.documentId,
          articles: b.articles,
          excerpt: b.excerpt ?? null,
        }),
      ),
    );
    created.push(
      m.create(Power, {
        id: version.powerId,
        code: version.code,
        unitId: p.unitId,
        status: p.status ?? 'ACTIVE',
        isKey: version.isKey,
        name: version.name,
        category: version.category,
        currentVersionId: version.id,
        versionCount: 1,
        createdAt: since,
        updatedAt: since,
      }),
    );
  }
  await insertRecords(
    m,
    'power (id, code, unit_id, status, is_key, name, category, current_version_id, version_count, created_at, updated_at)',
    'id uuid, code varchar, unit_id uuid, status varchar, is_key boolean, name text, category varchar, current_version_id uuid, version_count int, created_at timestamptz, updated_at timestamptz',
    created.map((p) => ({
      id: p.id,
      code: p.code,
      unit_id: p.unitId,
      status: p.status,
      is_key: p.isKey,
      name: p.name,
      category: p.category,
      current_version_id: p.currentVersionId,
      version_count: 1,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    })),
  );
  await insertRecords(
    m,
    'power_status_change (id, power_id, status, at, change_request_id, changed_by_id)',
    'id uuid, power_id uuid, status varchar, at timestamptz, change_request_id uuid, changed_by_id uuid',
    created.map((p) => ({
      id: randomUUID(),
      power_id: p.id,
      status: p.status,
      at: p.createdAt,
      change_request_id: null,
      changed_by_id: actorId,
    })),
  );
  await insertRecords(
    m,
    `power_version (id, power_id, version_no, code, name, category, is_key, subject_unit_id,
       subject_type, entrusting_party, co_implementer_ids, legal_time_limit_days,
       promised_time_limit_days, external_flow, internal_flow, discretion, valid_from, valid_to,
       change_request_id, created_by_id)`,
    `id uuid, power_id uuid, version_no int, code varchar, name text, category varchar,
       is_key boolean, subject_unit_id uuid, subject_type varchar, entrusting_party text,
       co_implementer_ids uuid[], legal_time_limit_days int, promised_time_limit_days int,
       external_flow jsonb, internal_flow jsonb, discretion jsonb, valid_from timestamptz,
       valid_to timestamptz, change_request_id uuid, created_by_id uuid`,
    versions.map((v) => ({
      id: v.id,
      power_id: v.powerId,
      version_no: 1,
      code: v.code,
      name: v.name,
      category: v.category,
      is_key: v.isKey,
      subject_unit_id: v.subjectUnitId,
      subject_type: v.subjectType,
      entrusting_party: v.entrustingParty,
      co_implementer_ids: v.coImplementerIds,
      legal_time_limit_days: v.legalTimeLimitDays,
      promised_time_limit_days: v.promisedTimeLimitDays,
      external_flow: v.externalFlow,
      internal_flow: v.internalFlow,
      discretion: v.discretion,
      valid_from: v.validFrom,
      valid_to: null,
      change_request_id: null,
      created_by_id: actorId,
    })),
  );
  await insertRecords(
    m,
    'power_version_basis (id, version_id, ord, document_id, articles, excerpt)',
    'id uuid, version_id uuid, ord int, document_id uuid, articles text, excerpt text',
    bases.map((b) => ({
      id: b.id,
      version_id: b.versionId,
      ord: b.ord,
      document_id: b.documentId,
      articles: b.articles,
      excerpt: b.excerpt,
    })),
  );
  const basesOf = new Map<string, PowerVersionBasis[]>();
  for (const b of bases) {
    const list = basesOf.get(b.versionId);
    if (list) list.push(b);
    else basesOf.set(b.versionId, [b]);
  }
  // what the content says on its own, stored with the version, as it reads back
  await storeContentChecks(
    m,
    versions.map((v) => ({ versionId: v.id, content: contentOf(v, basesOf.get(v.id) ?? []) })),
  );
  return created;
}
