import { In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';

import { writeAudit, type Actor } from '../../common/audit';
import { joinLeanVersion } from '../../common/loaders';
import { countOf, pageArgs, toConnection } from '../../common/pagination';
import { throwIfInvalid } from '../../common/validation';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  must,
  type FieldError,
} from '../../errors';
import { draftUnitProblems, requireUnitCovered, restrictToScope } from '../access/access';
import type { Scope } from '../access/scope';
import { loadVersionContents } from '../flow/content-checks';
import { contentIntegrityErrors } from '../flow/integrity';

import { LegalDocument } from './legal-document.entity';
import { likePattern } from './legal-document.service';
import type { PowerContent, PowerStatus } from './power-content';
import { PowerStatusChange } from './power-status-change.entity';
import { PowerVersion } from './power-version.entity';
import { Power } from './power.entity';
import type { ImportPowerInput, PowerDraftInput, PowerFilter } from './power.input';
import { Region } from './region.entity';
import { Unit } from './unit.entity';
import { createPowers, requireVersionContent } from './versioning';

/** Plain content from a draft input: the class instances of type-graphql become plain data. */
export function draftToContent(draft: PowerDraftInput): PowerContent {
  return JSON.parse(JSON.stringify(draft)) as PowerContent;
}

/** The unit, subject and document ids a set of drafts refers to. */
function referencedIds(drafts: { unitId?: string; draft: PowerContent }[]) {
  const units = new Set<string>();
  const documents = new Set<string>();
  for (const { unitId, draft } of drafts) {
    if (unitId) units.add(unitId);
    if (draft.subject) {
      units.add(draft.subject.unitId);
      for (const id of draft.subject.coImplementerIds ?? []) units.add(id);
    }
    for (const b of draft.legalBases ?? []) documents.add(b.documentId);
  }
  return { units: [...units], documents: [...documents] };
}

/** What a read brings along in its own statement, besides the power and its unit. */
export interface PowerRead {
  /** the current version, lean (no flowcharts or benchmark) */
  current?: boolean;
}

/** One entry of an import: the owning unit, the first status and the draft of version 1. */
export interface ImportEntry {
  unitId: string;
  status?: PowerStatus;
  draft: PowerContent;
}

/** What `checkImport` found; nothing is wrong when every list is empty and `refusal` null. */
export interface ImportCheck {
  entries: ImportEntry[];
  fields: FieldError[];
  refusal: ForbiddenError | ConflictError | null;
  /** a code written again: at `index`, first at `first` */
  duplicates: { index: number; first: number; code: string }[];
  /** a code the catalog already holds, first written at `index` */
  taken: { index: number; code: string }[];
}

/** The catalog of powers: import, read, list, history. */
export class PowerService {
  constructor(private readonly ds: DataSource) {}

  /**
   * A power by id or code, in scope; NOT_FOUND, or FORBIDDEN when it is someone else's. With
   * `current`, its current version (lean) comes in the same statement.
   */
  async get(
    scope: Scope,
    by: { id?: string | null; code?: string | null },
    read: PowerRead = {},
  ): Promise<Power> {
    if (!by.id === !by.code) {
      throw new BadInputError('请且仅请提供 id 或 code 之一', [
        { path: 'id', message: '提供 id 或 code 之一' },
      ]);
    }
    const qb = this.ds
      .getRepository(Power)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.unit', 'u')
      .innerJoinAndSelect('u.region', 'r')
      .where(by.id ? 'p.id = :id' : 'p.code = :code', by.id ? { id: by.id } : { code: by.code });
    if (read.current) this.joinCurrent(qb);
    const power = await qb.getOne();
    if (!power?.unit?.region) throw new NotFoundError(`权力事项 ${by.id ?? by.code} 不存在`);
    requireUnitCovered(scope, { id: power.unitId, regionPath: power.unit.region.path }, '权力事项');
    return power;
  }

  /**
   * One page of powers in scope, by code. An explicit unit or region outside the scope is
   * FORBIDDEN; otherwise the list silently holds only what the scope covers. One statement reads
   * the page with each power's unit (and, with `current`, its current version, lean);
   * `totalCount` counts only when it is read.
   */
  async list(
    scope: Scope,
    filter: PowerFilter | null | undefined,
    first?: number | null,
    after?: string | null,
    read: PowerRead = {},
  ) {
    const page = pageArgs(first, after);
    const qb = this.ds
      .getRepository(Power)
      .createQueryBuilder('p')
      .innerJoin('p.unit', 'u')
      .innerJoin(Region, 'r', 'r.id = u.region_id');
    await this.applyScopeAndFilter(qb, scope, filter ?? {});
    const total = countOf(qb);
    qb.addSelect('u');
    if (read.current) this.joinCurrent(qb);
    if (page.after) qb.andWhere('p.code > :after', { after: page.after });
    const rows = await qb
      .orderBy('p.code', 'ASC')
      .limit(page.first + 1)
      .getMany();
    return toConnection(rows, page.first, (p) => p.code, total);
  }

  /** Joins the current version, without its flowcharts and benchmark, as `p.current`. */
  private joinCurrent(qb: SelectQueryBuilder<Power>): void {
    joinLeanVersion(this.ds, qb, 'p.current', 'cv', 'cv.id = p.current_version_id');
  }

  private async applyScopeAndFilter(
    qb: SelectQueryBuilder<Power>,
    scope: Scope,
    f: PowerFilter,
  ): Promise<void> {
    await restrictToScope(this.ds.manager, qb, scope, f, 'p.unit_id');
    if (f.category) qb.andWhere('p.category = :category', { category: f.category });
    if (f.status) qb.andWhere('p.status = :status', { status: f.status });
    if (f.isKey !== undefined && f.isKey !== null)
      qb.andWhere('p.is_key = :isKey', { isKey: f.isKey });
    if (f.search?.trim()) {
      qb.andWhere('(p.name ILIKE :q OR p.code ILIKE :q)', { q: likePattern(f.search) });
    }
  }

  /**
   * Enters an already reviewed catalog: each entry becomes version 1 of a new power. All or
   * nothing: any bad entry and none is written, with every bad field listed.
   */
  async importPowers(scope: Scope, input: ImportPowerInput[], actor: Actor): Promise<Power[]> {
    if (input.length === 0)
      throw new BadInputError('导入列表为空', [{ path: 'input', message: '至少一条' }]);
    if (input.length > 1000) {
      throw new BadInputError('单次最多导入 1000 条', [
        { path: 'input', message: '单次最多导入 1000 条' },
      ]);
    }
    const entries = input.map((e) => ({
      unitId: e.unitId,
      status: e.status,
      draft: draftToContent(e.draft),
    }));
    const check = await this.checkImport(scope, entries);
    if (check.refusal) throw check.refusal;
    throwIfInvalid(check.fields);
    if (check.taken.length) {
      throw new ConflictError(`权力编码已存在：${check.taken.map((t) => t.code).join('、')}`);
    }
    return this.ds.transaction((m) => this.writeImport(m, check.entries, actor));
  }

  /**
   * Everything importPowers checks of a set of entries before it writes, collected rather than
   * thrown, so an importer that reports every problem at once (the spreadsheet import) applies
   * exactly the same rules. Paths are `input[i]…`. `refusal` is the first entry (in order) that
   * makes the whole import FORBIDDEN (a unit out of scope) or CONFLICT (a code repeated in the
   * list); `taken` are the codes the catalog already holds.
   */
  async checkImport(scope: Scope, entries: ImportEntry[]): Promise<ImportCheck> {
    const refs = referencedIds(entries);
    const units = await this.ds
      .getRepository(Unit)
      .find({ where: { id: In(refs.units) }, relations: { region: true } });
    const unitById = new Map(units.map((u) => [u.id, u]));
    const docIds = new Set(
      (
        await this.ds
          .getRepository(LegalDocument)
          .find({ where: { id: In(refs.documents) }, select: { id: true } })
      ).map((d) => d.id),
    );

    const fields: FieldError[] = [];
    const codes = new Map<string, number>();
    const duplicates: ImportCheck['duplicates'] = [];
    let refusal: ImportCheck['refusal'] = null;
    entries.forEach((e, i) => {
      const root = `input[${i}]`;
      const unit = unitById.get(e.unitId);
      if (!unit) fields.push({ path: `${root}.unitId`, message: '单位不存在' });
      else {
        // a unit out of scope refuses the whole import (FORBIDDEN), noted for the first entry
        try {
          requireUnitCovered(scope, { id: unit.id, regionPath: unit.region!.path });
          const owner = { unitId: unit.id, regionId: unit.regionId };
          fields.push(...draftUnitProblems(scope, owner, e.draft, unitById, `${root}.draft`));
        } catch (err) {
          if (err instanceof ForbiddenError) refusal ??= err;
          else throw err;
        }
      }
      // a chart or benchmark that is not even well-formed is an input error, not a problem
      fields.push(...contentIntegrityErrors(e.draft, `${root}.draft`));
      try {
        requireVersionContent(e.draft, `${root}.draft`);
      } catch (err) {
        if (err instanceof BadInputError) fields.push(...err.fields);
        else throw err;
      }
      (e.draft.legalBases ?? []).forEach((b, j) => {
        if (!docIds.has(b.documentId)) {
          fields.push({
            path: `${root}.draft.legalBases[${j}].documentId`,
            message: '法律文件不存在',
          });
        }
      });
      const code = e.draft.code?.trim();
      if (code) {
        const seen = codes.get(code);
        if (seen !== undefined) {
          duplicates.push({ index: i, first: seen, code });
          refusal ??= new ConflictError(
            `权力编码 ${code} 在导入列表中重复（第 ${seen + 1} 条与第 ${i + 1} 条）`,
          );
        } else codes.set(code, i);
      }
    });
    const taken = codes.size
      ? (
          await this.ds
            .getRepository(Power)
            .find({ where: { code: In([...codes.keys()]) }, select: { code: true } })
        ).map((p) => ({ index: codes.get(p.code)!, code: p.code }))
      : [];
    return { entries, fields, refusal, duplicates, taken };
  }

  /** Writes checked entries as new powers (set-based) with their audit entry, in `m`'s transaction. */
  async writeImport(m: EntityManager, entries: ImportEntry[], actor: Actor): Promise<Power[]> {
    const created = await createPowers(
      m,
      entries.map((e, i) => ({
        unitId: e.unitId,
        status: e.status,
        content: requireVersionContent(e.draft, `input[${i}].draft`),
      })),
      actor.userId,
    );
    await writeAudit(m, actor, {
      operation: 'importPowers',
      entityIds: created.map((p) => p.id),
      after: created.map((p) => ({ id: p.id, code: p.code, name: p.name, status: p.status })),
    });
    return created;
  }

  /** The version in force at an instant, from the (power, valid_from) index in one query. */
  async versionAt(powerId: string, at: Date): Promise<PowerVersion | null> {
    return this.ds
      .getRepository(PowerVersion)
      .createQueryBuilder('v')
      .where('v.power_id = :powerId AND v.valid_from <= :at', { powerId, at })
      .andWhere('(v.valid_to IS NULL OR v.valid_to > :at)', { at })
      .getOne();
  }

  /** The status at an instant: the latest status set at or before it; null before the power existed. */
  async statusAt(powerId: string, at: Date): Promise<PowerStatus | null> {
    const row = await this.ds
      .getRepository(PowerStatusChange)
      .createQueryBuilder('s')
      .where('s.power_id = :powerId AND s.at <= :at', { powerId, at })
      .orderBy('s.at', 'DESC')
      .limit(1)
      .getOne();
    return row?.status ?? null;
  }

  /** The whole content of these versions (read whole, with their bases), in their order. */
  async contentsOf(versions: PowerVersion[]): Promise<PowerContent[]> {
    const contents = await loadVersionContents(
      this.ds,
      versions.map((v) => v.id),
    );
    return versions.map((v) => must(contents.get(v.id), `content of version ${v.id}`));
  }
}
