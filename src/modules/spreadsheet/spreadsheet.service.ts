import { In, type DataSource } from 'typeorm';

import type { Actor } from '../../common/audit';
import { fieldErrors } from '../../common/validation';
import { BadInputError, ForbiddenError, type FieldError } from '../../errors';
import { restrictToScope, subtreeWhere, unitInScope } from '../access/access';
import type { Scope } from '../access/scope';
import { LegalDocument } from '../catalog/legal-document.entity';
import type { PowerContent, PowerStatus } from '../catalog/power-content';
import { Power } from '../catalog/power.entity';
import {
  DiscretionBenchmarkInput,
  DiscretionCircumstanceInput,
  DiscretionTierInput,
  FlowchartInput,
  FlowEdgeInput,
  FlowNodeInput,
  ImplementingSubjectInput,
  ImportPowerInput,
  LegalBasisInput,
  PowerDraftInput,
  RiskPointInput,
} from '../catalog/power.input';
import type { ImportEntry, PowerService } from '../catalog/power.service';
import { Region } from '../catalog/region.entity';
import { Unit } from '../catalog/unit.entity';
import { chinaDate } from '../change/change-rules';
import { loadVersionContents } from '../flow/content-checks';

import {
  placeOf,
  readCatalog,
  type Lookups,
  type Resolved,
  type SheetEntry,
  type SheetError,
} from './catalog-import';
import { catalogWorkbook, readWorkbook } from './catalog-workbook';
import { closestTitles, compact, normalizeTitle } from './cells';

/** The answer of an import: powers created, data rows read, and every error found. */
export interface ImportReport {
  created: number;
  rows: number;
  errors: SheetError[];
}

/** A catalog export as a file, with the names its file name is made of. */
export interface CatalogFile {
  body: Buffer;
  /** "某某局权责清单-2026-12-01" */
  name: string;
  powers: number;
}

const assign = <T extends object>(target: T, source: object): T => Object.assign(target, source);

const chartInput = (c: PowerContent['externalFlow']) =>
  c &&
  assign(new FlowchartInput(), {
    ...c,
    nodes: c.nodes.map((n) =>
      assign(new FlowNodeInput(), {
        ...n,
        ...(n.riskPoints && {
          riskPoints: n.riskPoints.map((r) => assign(new RiskPointInput(), r)),
        }),
      }),
    ),
    edges: c.edges.map((e) => assign(new FlowEdgeInput(), e)),
  });

/**
 * The draft as the input classes of `importPowers`, so class-validator applies the very
 * constraints the GraphQL mutation applies (lengths, the code's pattern, the day ranges).
 */
export function asImportInput(
  unitId: string,
  status: PowerStatus,
  d: PowerContent,
): ImportPowerInput {
  const draft = assign(new PowerDraftInput(), {
    ...d,
    ...(d.subject && { subject: assign(new ImplementingSubjectInput(), d.subject) }),
    ...(d.legalBases && {
      legalBases: d.legalBases.map((b) => assign(new LegalBasisInput(), b)),
    }),
    ...(d.externalFlow && { externalFlow: chartInput(d.externalFlow) }),
    ...(d.internalFlow && { internalFlow: chartInput(d.internalFlow) }),
    ...(d.discretion && {
      discretion: assign(new DiscretionBenchmarkInput(), {
        ...d.discretion,
        tiers: d.discretion.tiers.map((t) => assign(new DiscretionTierInput(), t)),
        circumstances: d.discretion.circumstances.map((c) =>
          assign(new DiscretionCircumstanceInput(), c),
        ),
      }),
    }),
  });
  return assign(new ImportPowerInput(), { unitId, status, draft });
}

/** The end of a China calendar day, as the instant a catalog "as of" that day is read at. */
function endOfChinaDay(date: string): Date {
  return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}

/**
 * Catalogs in and out as 权责清单 workbooks (DOMAIN.md, "Spreadsheets."). The import reads the
 * sheet into the drafts `importPowers` takes and checks them with `PowerService.checkImport` and
 * the input classes' constraints, so a workbook is held to exactly the rules of the mutation;
 * every error comes back at once with its sheet row and header; with any, nothing is written.
 */
export class SpreadsheetService {
  constructor(
    private readonly ds: DataSource,
    private readonly powers: PowerService,
  ) {}

  /** The unit powers are imported into, in scope: NOT_FOUND, or FORBIDDEN outside the scope. */
  private async ownerUnit(scope: Scope, unitId: string): Promise<Unit> {
    return (await unitInScope(this.ds.manager, scope, unitId)).unit;
  }

  /** Documents of the law library by normalized title: in force first, then the newest. */
  private async documentLookup(): Promise<(title: string) => Resolved> {
    const docs: { id: string; title: string; promulgatedOn: string; repealedOn: string | null }[] =
      await this.ds.query(
        `SELECT id, title, promulgated_on::text AS "promulgatedOn", repealed_on::text AS "repealedOn"
           FROM legal_document ORDER BY (repealed_on IS NULL) DESC, promulgated_on DESC, title`,
      );
    const byTitle = new Map<string, string>();
    for (const d of docs) {
      const key = normalizeTitle(d.title);
      if (!byTitle.has(key)) byTitle.set(key, d.id);
    }
    const titles = [...new Set(docs.map((d) => d.title))];
    const missing = new Map<string, Resolved>();
    return (title) => {
      const id = byTitle.get(normalizeTitle(title));
      if (id) return { id };
      let answer = missing.get(title);
      if (!answer) {
        const near = closestTitles(title, titles);
        answer = {
          message: `法律文件《${title}》不在法规库中${near.length ? `；法规库中最接近的有：${near.map((t) => `《${t}》`).join('、')}` : ''}`,
        };
        missing.set(title, answer);
      }
      return answer;
    };
  }

  /**
   * Units a co-implementer may be, by name (DOMAIN.md, "Scope is a boundary"): units of the owning
   * unit's own region, or of regions inside the caller's scope. A name held by several of them
   * means the owning region's one; still several is an error.
   */
  private async unitLookup(scope: Scope, owner: Unit) {
    const qb = this.ds
      .getRepository(Unit)
      .createQueryBuilder('u')
      .innerJoin(Region, 'r', 'r.id = u.region_id')
      .select(['u.id AS id', 'u.name AS name', 'u.region_id AS "regionId"']);
    if (scope.kind === 'all') qb.where('true');
    else if (scope.kind === 'region') {
      const inScope = subtreeWhere('r', scope.path);
      qb.where(`(u.region_id = :ownRegion OR ${inScope.sql})`, inScope.params);
    } else qb.where('u.region_id = :ownRegion');
    const units = await qb
      .setParameter('ownRegion', owner.regionId)
      .getRawMany<{ id: string; name: string; regionId: string }>();
    const byName = new Map<string, { id: string; regionId: string }[]>();
    for (const u of units) {
      const key = compact(u.name);
      byName.set(key, [...(byName.get(key) ?? []), u]);
    }
    return (name: string): Resolved => {
      const found = byName.get(compact(name)) ?? [];
      const own = found.filter((u) => u.regionId === owner.regionId);
      const pick = own.length ? own : found;
      if (pick.length === 1) return { id: pick[0].id };
      if (!pick.length) {
        return { message: `共同实施主体「${name}」不是本地区或您管辖范围内的单位` };
      }
      return { message: `共同实施主体「${name}」对应多个单位，请写明所属地区的单位全称` };
    };
  }

  /**
   * Imports a workbook into a unit: every data row becomes version 1 of a new power, exactly as
   * `importPowers` would make it. All or nothing; `dryRun` checks and writes nothing.
   */
  async importCatalog(
    scope: Scope,
    args: { unitId: string; dryRun: boolean; body: Buffer },
    actor: Actor,
  ): Promise<ImportReport> {
    const owner = await this.ownerUnit(scope, args.unitId);
    const sheets = await readWorkbook(args.body);
    const lookups: Lookups = {
      owner: { id: owner.id, name: owner.name },
      document: await this.documentLookup(),
      unit: await this.unitLookup(scope, owner),
    };
    const read = readCatalog(sheets, lookups);
    if (!read.entries.length) {
      throw new BadInputError(`工作表「${sheets.catalog.name}」的表头下没有事项`, [
        { path: 'body', message: '没有数据行' },
      ]);
    }
    const errors = [...read.errors];
    // a cell that could not be read is reported once, not again as missing or invalid
    const unreadable = new Set(errors.map((e) => `${e.row}\u0000${e.column}`));
    const reported = new Set<string>();
    const add = (entry: SheetEntry, path: string, message: string) => {
      const at = placeOf(entry.places, path) ?? { row: entry.row, column: '' };
      const cell = `${at.row}\u0000${at.column}`;
      if (unreadable.has(cell) || reported.has(`${cell}\u0000${message}`)) return;
      reported.add(`${cell}\u0000${message}`);
      errors.push({ ...at, message });
    };
    const entries: ImportEntry[] = read.entries.map((e) => ({
      unitId: owner.id,
      status: e.status,
      draft: e.draft,
    }));
    const rootOf = (path: string): { index: number; rest: string } | null => {
      const m = /^input\[(\d+)\]\.?(.*)$/.exec(path);
      return m ? { index: Number(m[1]), rest: m[2] } : null;
    };
    const report = (fields: FieldError[]) => {
      for (const f of fields) {
        const r = rootOf(f.path);
        if (r) add(read.entries[r.index], r.rest, f.message);
      }
    };
    for (const [i, e] of read.entries.entries()) {
      report(await fieldErrors(asImportInput(owner.id, e.status, e.draft), `input[${i}]`));
    }
    const check = await this.powers.checkImport(scope, entries);
    if (check.refusal instanceof ForbiddenError) throw check.refusal;
    report(check.fields);
    for (const d of check.duplicates) {
      add(
        read.entries[d.index],
        'draft.code',
        `事项编码 ${d.code} 与第 ${read.entries[d.first].row} 行重复`,
      );
    }
    for (const t of check.taken) {
      add(read.entries[t.index], 'draft.code', `事项编码 ${t.code} 已存在于权力库中`);
    }
    errors.sort(
      (a, b) =>
        Number(a.column.includes('!')) - Number(b.column.includes('!')) ||
        a.column.split('!')[0].localeCompare(b.column.split('!')[0]) ||
        a.row - b.row,
    );
    if (errors.length || args.dryRun) return { created: 0, rows: read.rows, errors };
    const created = await this.ds.transaction((m) =>
      this.powers.writeImport(m, check.entries, actor),
    );
    return { created: created.length, rows: read.rows, errors: [] };
  }

  /**
   * The catalog of a unit, or of a whole region on one sheet, as in force at `asOf` (the end of
   * that China day; now without it), in the published layout. Cancelled powers are not in it.
   */
  async exportCatalog(
    scope: Scope,
    args: { unitId: string | null; regionId: string | null; asOf: string | null },
  ): Promise<CatalogFile> {
    const at = args.asOf ? endOfChinaDay(args.asOf) : new Date();
    const qb = this.ds
      .getRepository(Power)
      .createQueryBuilder('p')
      .innerJoin(Unit, 'u', 'u.id = p.unit_id')
      .innerJoin(Region, 'r', 'r.id = u.region_id')
      .innerJoin(
        'power_version',
        'v',
        'v.power_id = p.id AND v.valid_from <= :at AND (v.valid_to IS NULL OR v.valid_to > :at)',
        { at },
      )
      .select('v.id', 'versionId')
      .addSelect(
        `(SELECT sc.status FROM power_status_change sc WHERE sc.power_id = p.id AND sc.at <= :at
           ORDER BY sc.at DESC LIMIT 1)`,
        'status',
      )
      .orderBy('u.code', 'ASC')
      .addOrderBy('v.code', 'ASC');
    await restrictToScope(this.ds.manager, qb, scope, args, 'p.unit_id');
    const [subjectName, rows] = await Promise.all([
      args.unitId
        ? this.ds
            .getRepository(Unit)
            .findOneByOrFail({ id: args.unitId })
            .then((u) => u.name)
        : this.ds
            .getRepository(Region)
            .findOneByOrFail({ id: args.regionId! })
            .then((r) => r.name),
      qb.getRawMany<{ versionId: string; status: PowerStatus | null }>(),
    ]);
    const live = rows.filter((r) => r.status !== null && r.status !== 'CANCELLED');
    const contents = await loadVersionContents(
      this.ds,
      live.map((r) => r.versionId),
    );
    const unitIds = new Set<string>();
    const docIds = new Set<string>();
    for (const c of contents.values()) {
      if (c.subject) {
        unitIds.add(c.subject.unitId);
        for (const id of c.subject.coImplementerIds ?? []) unitIds.add(id);
      }
      for (const b of c.legalBases ?? []) docIds.add(b.documentId);
    }
    const [units, docs] = await Promise.all([
      this.ds.query(`SELECT id, name FROM unit WHERE id = ANY($1)`, [[...unitIds]]) as Promise<
        { id: string; name: string }[]
      >,
      docIds.size
        ? this.ds
            .getRepository(LegalDocument)
            .find({ select: { id: true, title: true }, where: { id: In([...docIds]) } })
        : [],
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const title = new Map(docs.map((d) => [d.id, d.title]));
    const day = chinaDate(at);
    const body = await catalogWorkbook({
      title: `${subjectName}权责清单`,
      subtitle: `（截至 ${day}，共 ${live.length} 项）`,
      powers: live.map((r) => ({ status: r.status!, content: contents.get(r.versionId)! })),
      unitName: (id) => unitName.get(id) ?? id,
      documentTitle: (id) => title.get(id) ?? id,
    });
    return { body, name: `${subjectName}权责清单-${day}`, powers: live.length };
  }
}
