/**
 * The assessment schemes as data: the three source tables (DOMAIN.md, "Scoring"), every section
 * and item of each, kept in `seeds/schemes/*.json` and read here. The JSON files say, in their
 * `decisions`, how each table was read (bonus and penalty rows, per-case amounts, parameters).
 *
 * - `DISTRICT_SANHEYI`: 新北区"三合一"阳光政务平台考核评分表, a deduction per case, no item below
 *   zero (扣完为止). Its 加分 / 减分 rows (items 30 and 31, codes BONUS and PENALTY) are worth up
 *   to 5 points each outside the 100.
 * - `PROVINCIAL_DEPARTMENT` (附件2, items 1–47) and `MUNICIPAL` (附件3, items 1–51): weights only;
 *   a derived item scores its weight times the share of applicable records that comply.
 *
 * The JSON is imported (resolveJsonModule), so tsc copies it next to the compiled code and the
 * same relative path works from the TypeScript sources and from `dist/`.
 */
import districtFile from '../../../seeds/schemes/district-sanheyi.json';
import municipalFile from '../../../seeds/schemes/municipal.json';
import provincialFile from '../../../seeds/schemes/provincial-department.json';
import { InternalError } from '../../errors';

/** Every detector an item may name; each reads the records for one requirement. */
export const DETECTOR_IDS = [
  'changes-filed',
  'external-flowchart',
  'internal-flowchart',
  'discretion-benchmark',
  'dormant-active',
  'elements-complete',
  'key-risk-points',
  'coding',
  'name-unique',
  'subject',
  'bases',
  'suspension',
  'normative-documents',
  'enforcement-officers',
  'major-penalties',
  'reconsideration',
] as const;
export type DetectorId = (typeof DETECTOR_IDS)[number];

/** True when `id` is one of DETECTOR_IDS. */
export function isDetectorId(id: string): id is DetectorId {
  return (DETECTOR_IDS as readonly string[]).includes(id);
}

/** The codes of the three schemes, in the order loadSchemes returns them. */
export const SCHEME_CODES = ['DISTRICT_SANHEYI', 'PROVINCIAL_DEPARTMENT', 'MUNICIPAL'] as const;
export type SchemeCode = (typeof SCHEME_CODES)[number];

/**
 * How a scheme turns cases into points. `PER_CASE`: each case takes the item's per-case amount,
 * never more than the item's points. `WEIGHTED`: a derived item scores its points times the
 * share of applicable records that comply.
 */
export const SCHEME_KINDS = ['PER_CASE', 'WEIGHTED'] as const;
export type SchemeKind = (typeof SCHEME_KINDS)[number];

/**
 * `BASE` items make up the scheme's 100 points. `BONUS` and `PENALTY` items (the district
 * table's 加分 / 减分 rows) lie outside them: up to their points added to, or taken from, the
 * total.
 */
export const ITEM_KINDS = ['BASE', 'BONUS', 'PENALTY'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** What a parameter's value counts: days of either kind, a month and day ("07-31"), years, a share. */
export const PARAMETER_UNITS = [
  'CALENDAR_DAYS',
  'WORKING_DAYS',
  'MONTH_DAY',
  'YEARS',
  'RATIO',
] as const;
export type ParameterUnit = (typeof PARAMETER_UNITS)[number];

/** The points of every scheme's base items. */
export const SCHEME_TOTAL = 100;

/** A setting the table leaves open ("及时", "定期", "长期"), with its default and why. */
export interface SchemeParameter {
  /** A count for day or year units, a share for RATIO, "MM-DD" or a list of them for MONTH_DAY. */
  value: number | string | string[];
  unit: ParameterUnit;
  reason: string;
}

/** One row of a table. */
export interface SchemeItemData {
  /** The number as the table writes it ("3", "26"), or BONUS / PENALTY for those rows. */
  code: string;
  /** The row's sequence number, 1.. in table order (the bonus and penalty rows are 30 and 31). */
  no: number;
  /** The code of the section holding the item. */
  section: string;
  kind: ItemKind;
  /** The 三级指标 of 附件2 / 附件3 (权力清理, 动态调整…); null in the district table. */
  title: string | null;
  /** The 二级指标 of 附件2 / 附件3 (行政权力清理审核…); null in the district table. */
  group: string | null;
  /** 目标要求 (district) or 指标说明 (附件2 / 附件3), verbatim. */
  requirement: string;
  /** 评分说明 verbatim (district); null where the table has no scoring text. */
  scoring: string | null;
  /** 分值 or 权重. */
  maxPoints: number;
  /** The amount of the first per-case clause of the scoring text; null if none or WEIGHTED. */
  perCase: number | null;
  /** Every per-case amount of the scoring text, in the order written, each once. */
  perCaseAmounts: number[];
  /** The detector that derives the item from the records; null when scored by hand. */
  detector: string | null;
  /** `detector !== null`. */
  derived: boolean;
}

/** A section of a table (项目 / 一级指标); its points are the sum of its items'. */
export interface SchemeSectionData {
  /** S1, S2… in table order. */
  code: string;
  /** The section's Chinese name as the table gives it (组织管理, 权力库维护, 法制监督…). */
  name: string;
  maxPoints: number;
  kind: ItemKind;
  items: SchemeItemData[];
}

/** One assessment table. */
export interface SchemeData {
  code: string;
  name: string;
  /** The seed document it comes from. */
  source: string;
  kind: SchemeKind;
  /** The points of the base sections: always SCHEME_TOTAL. */
  maxPoints: number;
  /** A note printed under the table, verbatim, if any. */
  note: string | null;
  /** How the table was read into this data, one decision a line. */
  decisions: string[];
  parameters: Record<string, SchemeParameter>;
  sections: SchemeSectionData[];
}

const FILES: ReadonlyArray<readonly [string, unknown]> = [
  ['district-sanheyi.json', districtFile],
  ['provincial-department.json', provincialFile],
  ['municipal.json', municipalFile],
];

/**
 * The three schemes, district, provincial, municipal, freshly built on each call (callers may
 * change them). Throws an InternalError when a file does not have the shape of SchemeData; what
 * the data says is checked by validateScheme.
 */
export function loadSchemes(): SchemeData[] {
  return FILES.map(([file, raw]) => parseScheme(raw, `seeds/schemes/${file}`));
}

/** All items of a scheme, in table order. */
export function schemeItems(scheme: SchemeData): SchemeItemData[] {
  return scheme.sections.flatMap((s) => s.items);
}

/** Points compare equal within rounding (weights such as 1.5 and 0.5 add up in binary). */
const samePoints = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The problems of a parameter's value for its unit, or none. */
function parameterProblems(name: string, p: SchemeParameter): string[] {
  const out: string[] = [];
  const at = `parameter ${name}`;
  if (!(PARAMETER_UNITS as readonly string[]).includes(p.unit)) {
    out.push(`${at}: unknown unit ${p.unit}`);
  }
  if (p.reason.trim() === '') out.push(`${at}: no reason given`);
  switch (p.unit) {
    case 'CALENDAR_DAYS':
    case 'WORKING_DAYS':
    case 'YEARS':
      if (typeof p.value !== 'number' || !Number.isInteger(p.value) || p.value < 1) {
        out.push(`${at}: ${p.unit} needs a whole number of at least 1`);
      }
      break;
    case 'RATIO':
      if (typeof p.value !== 'number' || !(p.value >= 0 && p.value <= 1)) {
        out.push(`${at}: a RATIO lies between 0 and 1`);
      }
      break;
    case 'MONTH_DAY': {
      const dates = Array.isArray(p.value) ? p.value : [p.value];
      if (dates.length === 0 || !dates.every((d) => typeof d === 'string' && MONTH_DAY.test(d))) {
        out.push(`${at}: MONTH_DAY needs "MM-DD" or a non-empty list of them`);
      }
      break;
    }
  }
  return out;
}

/** The problems of one item of a scheme of `kind`, found in `section`, at table position `index`. */
function itemProblems(
  kind: SchemeKind,
  section: SchemeSectionData,
  item: SchemeItemData,
  index: number,
): string[] {
  const out: string[] = [];
  const at = `item ${item.code}`;
  if (item.no !== index + 1) out.push(`${at}: number ${item.no}, expected ${index + 1}`);
  const expectedCode = item.kind === 'BASE' ? String(item.no) : item.kind;
  if (item.code !== expectedCode) out.push(`${at}: code should be ${expectedCode}`);
  if (item.section !== section.code) {
    out.push(`${at}: names section ${item.section} but sits in ${section.code}`);
  }
  if (item.kind !== section.kind) out.push(`${at}: ${item.kind} item in a ${section.kind} section`);
  if (!(Number.isFinite(item.maxPoints) && item.maxPoints > 0)) {
    out.push(`${at}: points must be above 0`);
  }
  if (item.requirement.trim() === '') out.push(`${at}: no requirement text`);
  if (item.detector !== null && !isDetectorId(item.detector)) {
    out.push(`${at}: unknown detector ${item.detector}`);
  }
  if (item.derived !== (item.detector !== null)) {
    out.push(`${at}: derived must be true exactly when a detector is named`);
  }
  if (item.kind !== 'BASE' && item.detector !== null) {
    out.push(`${at}: ${item.kind} items are scored by hand`);
  }
  if (kind === 'WEIGHTED') {
    if (item.perCase !== null || item.perCaseAmounts.length > 0) {
      out.push(`${at}: a WEIGHTED scheme has no per-case amounts`);
    }
    if (item.kind !== 'BASE') out.push(`${at}: a WEIGHTED scheme has no ${item.kind} items`);
    return out;
  }
  if (item.scoring === null || item.scoring.trim() === '') out.push(`${at}: no scoring text`);
  const first = item.perCaseAmounts.length > 0 ? item.perCaseAmounts[0] : null;
  if (item.perCase !== first) {
    out.push(`${at}: perCase must be the first of perCaseAmounts (${String(first)})`);
  }
  if (item.perCaseAmounts.some((a) => !(a > 0 && a <= item.maxPoints))) {
    out.push(`${at}: a per-case amount must lie in (0, ${item.maxPoints}]`);
  }
  if (new Set(item.perCaseAmounts).size !== item.perCaseAmounts.length) {
    out.push(`${at}: per-case amounts repeat`);
  }
  if (item.derived && item.perCase === null) {
    out.push(`${at}: a derived item of a PER_CASE scheme needs its per-case amount`);
  }
  return out;
}

/**
 * What is wrong with a scheme, one sentence a problem, none when it is sound: base points not
 * SCHEME_TOTAL, a section whose points are not its items' sum, duplicate or misnumbered codes,
 * unknown detector ids, per-case amounts that do not fit the scheme's kind, parameters without a
 * reason or with a value that does not fit their unit.
 */
export function validateScheme(s: SchemeData): string[] {
  const out: string[] = [];
  if (!(SCHEME_KINDS as readonly string[]).includes(s.kind)) out.push(`unknown kind ${s.kind}`);
  if (!samePoints(s.maxPoints, SCHEME_TOTAL)) {
    out.push(`maxPoints is ${s.maxPoints}, expected ${SCHEME_TOTAL}`);
  }
  const base = sum(s.sections.filter((x) => x.kind === 'BASE').map((x) => x.maxPoints));
  if (!samePoints(base, s.maxPoints)) {
    out.push(`base sections sum to ${base}, expected ${s.maxPoints}`);
  }

  const sectionCodes = new Set<string>();
  for (const section of s.sections) {
    if (sectionCodes.has(section.code)) out.push(`section code ${section.code} repeats`);
    sectionCodes.add(section.code);
    if (section.name.trim() === '') out.push(`section ${section.code}: no name`);
    if (section.items.length === 0) out.push(`section ${section.code}: no items`);
    const items = sum(section.items.map((i) => i.maxPoints));
    if (!samePoints(items, section.maxPoints)) {
      out.push(`section ${section.code}: items sum to ${items}, section says ${section.maxPoints}`);
    }
  }

  const itemCodes = new Set<string>();
  let index = 0;
  for (const section of s.sections) {
    for (const item of section.items) {
      if (itemCodes.has(item.code)) out.push(`item code ${item.code} repeats`);
      itemCodes.add(item.code);
      out.push(...itemProblems(s.kind, section, item, index));
      index += 1;
    }
  }

  for (const [name, p] of Object.entries(s.parameters)) out.push(...parameterProblems(name, p));
  return out.map((problem) => `${s.code}: ${problem}`);
}

// ---------------------------------------------------------------- reading the JSON

type Json = Record<string, unknown>;

/** Reads the JSON's fields with their types, naming the path of the first that is wrong. */
class Reader {
  constructor(
    private readonly file: string,
    private readonly path: string,
    private readonly o: Json,
  ) {}

  static of(file: string, path: string, value: unknown): Reader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InternalError(`${file}: ${path} is not an object`);
    }
    return new Reader(file, path, value as Json);
  }

  private fail(key: string, what: string): never {
    throw new InternalError(`${this.file}: ${this.path}.${key} is not ${what}`);
  }

  string(key: string): string {
    const v = this.o[key];
    return typeof v === 'string' ? v : this.fail(key, 'a string');
  }

  stringOrNull(key: string): string | null {
    const v = this.o[key];
    return v === null ? null : typeof v === 'string' ? v : this.fail(key, 'a string or null');
  }

  number(key: string): number {
    const v = this.o[key];
    return typeof v === 'number' ? v : this.fail(key, 'a number');
  }

  numberOrNull(key: string): number | null {
    const v = this.o[key];
    return v === null ? null : typeof v === 'number' ? v : this.fail(key, 'a number or null');
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.o[key];
    return (values as readonly unknown[]).includes(v) ? (v as T) : this.fail(key, values.join('|'));
  }

  array(key: string): unknown[] {
    const v = this.o[key];
    return Array.isArray(v) ? v : this.fail(key, 'a list');
  }

  strings(key: string): string[] {
    const v = this.array(key);
    return v.every((x) => typeof x === 'string') ? [...v] : this.fail(key, 'a list of strings');
  }

  numbers(key: string): number[] {
    const v = this.array(key);
    return v.every((x) => typeof x === 'number') ? [...v] : this.fail(key, 'a list of numbers');
  }

  value(key: string): number | string | string[] {
    const v = this.o[key];
    if (typeof v === 'number' || typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return [...v];
    return this.fail(key, 'a number, a string or a list of strings');
  }

  child(key: string): Reader {
    return Reader.of(this.file, `${this.path}.${key}`, this.o[key]);
  }

  children(key: string): Reader[] {
    return this.array(key).map((v, i) => Reader.of(this.file, `${this.path}.${key}[${i}]`, v));
  }

  keys(): string[] {
    return Object.keys(this.o);
  }
}

function parseItem(r: Reader): SchemeItemData {
  const detector = r.stringOrNull('detector');
  return {
    code: r.string('code'),
    no: r.number('no'),
    section: r.string('section'),
    kind: r.oneOf('kind', ITEM_KINDS),
    title: r.stringOrNull('title'),
    group: r.stringOrNull('group'),
    requirement: r.string('requirement'),
    scoring: r.stringOrNull('scoring'),
    maxPoints: r.number('maxPoints'),
    perCase: r.numberOrNull('perCase'),
    perCaseAmounts: r.numbers('perCaseAmounts'),
    detector,
    derived: detector !== null,
  };
}

function parseSection(r: Reader): SchemeSectionData {
  return {
    code: r.string('code'),
    name: r.string('name'),
    maxPoints: r.number('maxPoints'),
    kind: r.oneOf('kind', ITEM_KINDS),
    items: r.children('items').map(parseItem),
  };
}

/** A scheme from its JSON, checked for shape only. */
export function parseScheme(raw: unknown, file: string): SchemeData {
  const r = Reader.of(file, 'scheme', raw);
  const params = r.child('parameters');
  const parameters: Record<string, SchemeParameter> = {};
  for (const name of params.keys()) {
    const p = params.child(name);
    parameters[name] = {
      value: p.value('value'),
      unit: p.oneOf('unit', PARAMETER_UNITS),
      reason: p.string('reason'),
    };
  }
  return {
    code: r.string('code'),
    name: r.string('name'),
    source: r.string('source'),
    kind: r.oneOf('kind', SCHEME_KINDS),
    maxPoints: r.number('maxPoints'),
    note: r.stringOrNull('note'),
    decisions: r.strings('decisions'),
    parameters,
    sections: r.children('sections').map(parseSection),
  };
}
