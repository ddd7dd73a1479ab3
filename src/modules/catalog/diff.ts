/**
 * What changed between two contents of a power, element by element: the one comparison behind
 * `Power.diff` (two versions) and `ChangeRequest.changes` (the base a request applies to, and
 * its preview). Pure: names of documents and units come in `DiffLabels`.
 *
 * Elements are named by their key, so a reordered chart or list of bases is no change and an
 * edited element is one change, not a rewritten whole:
 * - flowchart nodes by key (`externalFlow.nodes[inv].label`), edges by their ends
 *   (`externalFlow.edges[a->b].label`), a node's risk points by position
 *   (`internalFlow.nodes[i2].riskPoints[0].measures`);
 * - benchmark tiers and circumstances by position (`discretion.tiers[2].maxFine`);
 * - legal bases by document (`legalBases[《title》].articles`);
 * - the subject's parts (`subject.unit`, `subject.coImplementers`).
 *
 * An element added or removed is one change whose `before` or `after` is the element as JSON
 * (keys in a fixed order); a chart or benchmark added or removed whole likewise. A changed leaf
 * is its text (numbers and booleans as written, dates as ISO dates, null when absent).
 * `applyChanges` is the inverse: applied to `a`, the changes of `diffContents(a, b)` give `b`'s
 * elements.
 */
import type {
  DiscretionBenchmarkData,
  FlowchartData,
  FlowEdgeData,
  LegalBasisData,
  PowerContent,
} from './power-content';

export interface FieldChange {
  /** the top-level field of the content */
  field: string;
  /** the element, named by its key */
  path: string;
  before: string | null;
  after: string | null;
}

/** How the diff names what content refers to by id. */
export interface DiffLabels {
  documentTitle(documentId: string): string;
  unitName(unitId: string): string;
}

/** Labels that are the ids themselves (tests, and ids the caller could not resolve). */
export const ID_LABELS: DiffLabels = { documentTitle: (id) => id, unitName: (id) => id };

type Leaf = string | number | boolean | null | undefined;

const text = (v: Leaf): string | null => (v === null || v === undefined ? null : String(v));

/** JSON with keys in a fixed order and absent values left out: equal elements, equal text. */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== null && x !== undefined) out[k] = norm(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

const json = (v: unknown): string | null =>
  v === null || v === undefined ? null : canonicalJson(v);

/** Keyed elements in their order; a key seen again gets `#2`, `#3`… so none is lost. */
function keyed<T>(items: readonly T[] | null | undefined, keyOf: (x: T) => string): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items ?? []) {
    const base = keyOf(item);
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, item);
  }
  return out;
}

const positioned = <T>(items: readonly T[] | null | undefined): Map<string, T> =>
  new Map((items ?? []).map((x, i) => [String(i), x]));

class Changes {
  readonly list: FieldChange[] = [];
  constructor(private readonly field: string) {}

  leaf(path: string, a: Leaf, b: Leaf): void {
    const before = text(a);
    const after = text(b);
    if (before !== after) this.list.push({ field: this.field, path, before, after });
  }

  whole(path: string, a: unknown, b: unknown): void {
    const before = json(a);
    const after = json(b);
    if (before !== after) this.list.push({ field: this.field, path, before, after });
  }

  /** Elements by key: added and removed whole, those on both sides by `inner`. */
  elements<T>(
    path: string,
    a: Map<string, T>,
    b: Map<string, T>,
    inner: (at: string, x: T, y: T) => void,
  ): void {
    for (const [key, x] of a) {
      const y = b.get(key);
      if (y === undefined) this.whole(`${path}[${key}]`, x, null);
      else inner(`${path}[${key}]`, x, y);
    }
    for (const [key, y] of b) if (!a.has(key)) this.whole(`${path}[${key}]`, null, y);
  }
}

const NODE_LEAVES = ['kind', 'label', 'post', 'duty', 'timeLimitDays', 'externalKey'] as const;
const CHART_LEAVES = [
  'supervision',
  'counterpartyRights',
  'complaintChannel',
  'approvedOn',
  'publishedOn',
  'filedOn',
] as const;
const RISK_LEAVES = ['description', 'level', 'measures'] as const;
const TIER_LEAVES = ['level', 'conditions', 'sanction', 'minFine', 'maxFine'] as const;
const BENCHMARK_LEAVES = ['applicationRules', 'filedOn', 'adjustedOn'] as const;

export const edgeKey = (e: FlowEdgeData): string => `${e.from}->${e.to}`;

function chartChanges(c: Changes, field: string, a: FlowchartData, b: FlowchartData): void {
  c.elements(
    field + '.nodes',
    keyed(a.nodes, (n) => n.key),
    keyed(b.nodes, (n) => n.key),
    (at, x, y) => {
      for (const k of NODE_LEAVES) c.leaf(`${at}.${k}`, x[k], y[k]);
      c.elements(
        `${at}.riskPoints`,
        positioned(x.riskPoints),
        positioned(y.riskPoints),
        (rp, r, s) => {
          for (const k of RISK_LEAVES) c.leaf(`${rp}.${k}`, r[k], s[k]);
        },
      );
    },
  );
  c.elements(field + '.edges', keyed(a.edges, edgeKey), keyed(b.edges, edgeKey), (at, x, y) =>
    c.leaf(`${at}.label`, x.label, y.label),
  );
  for (const k of CHART_LEAVES) c.leaf(`${field}.${k}`, a[k], b[k]);
}

function benchmarkChanges(c: Changes, a: DiscretionBenchmarkData, b: DiscretionBenchmarkData) {
  c.elements('discretion.tiers', positioned(a.tiers), positioned(b.tiers), (at, x, y) => {
    for (const k of TIER_LEAVES) c.leaf(`${at}.${k}`, x[k], y[k]);
  });
  c.elements(
    'discretion.circumstances',
    positioned(a.circumstances),
    positioned(b.circumstances),
    (at, x, y) => {
      c.leaf(`${at}.kind`, x.kind, y.kind);
      c.leaf(`${at}.description`, x.description, y.description);
    },
  );
  for (const k of BENCHMARK_LEAVES) c.leaf(`discretion.${k}`, a[k], b[k]);
}

const SCALARS = ['code', 'name', 'category', 'isKey'] as const;
const LIMITS = ['legalTimeLimitDays', 'promisedTimeLimitDays'] as const;

/**
 * The changes that turn content `a` into content `b`, in the order of the form: code, name,
 * category, key flag, subject, bases, time limits, external chart, internal chart, benchmark.
 * Empty when they are the same.
 */
export function diffContents(
  a: PowerContent,
  b: PowerContent,
  labels: DiffLabels = ID_LABELS,
): FieldChange[] {
  const out: FieldChange[] = [];
  const field = (name: string, fill: (c: Changes) => void) => {
    const c = new Changes(name);
    fill(c);
    out.push(...c.list);
  };
  for (const k of SCALARS) field(k, (c) => c.leaf(k, a[k], b[k]));
  field('subject', (c) => {
    const x = a.subject;
    const y = b.subject;
    const unit = (id: string | undefined) => (id ? labels.unitName(id) : null);
    const co = (ids: readonly string[] | null | undefined) =>
      ids?.length ? ids.map((id) => labels.unitName(id)).join('、') : null;
    c.leaf('subject.unit', unit(x?.unitId), unit(y?.unitId));
    c.leaf('subject.type', x?.type, y?.type);
    c.leaf('subject.entrustingParty', x?.entrustingParty, y?.entrustingParty);
    c.leaf('subject.coImplementers', co(x?.coImplementerIds), co(y?.coImplementerIds));
  });
  field('legalBases', (c) => {
    const byDocument = (bases: readonly LegalBasisData[] | null | undefined) =>
      keyed(bases, (x) => `《${labels.documentTitle(x.documentId)}》`);
    // a basis added or removed shows its document by title
    const shown = (m: Map<string, LegalBasisData>) =>
      new Map(
        [...m].map(([k, x]) => [
          k,
          { ...x, documentId: undefined, document: labels.documentTitle(x.documentId) },
        ]),
      );
    c.elements(
      'legalBases',
      shown(byDocument(a.legalBases)),
      shown(byDocument(b.legalBases)),
      (at, x, y) => {
        c.leaf(`${at}.articles`, x.articles, y.articles);
        c.leaf(`${at}.excerpt`, x.excerpt, y.excerpt);
      },
    );
  });
  for (const k of LIMITS) field(k, (c) => c.leaf(k, a[k], b[k]));
  for (const k of ['externalFlow', 'internalFlow'] as const) {
    field(k, (c) => {
      const x = a[k];
      const y = b[k];
      if (x && y) chartChanges(c, k, x, y);
      else c.whole(k, x, y);
    });
  }
  field('discretion', (c) => {
    if (a.discretion && b.discretion) benchmarkChanges(c, a.discretion, b.discretion);
    else c.whole('discretion', a.discretion, b.discretion);
  });
  return out;
}

// ---------------------------------------------------------------- the inverse

/** A path split into its steps: `a.b[k].c` → ['a', 'b', '[k]', 'c']. */
function steps(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
    } else if (path[i] === '[') {
      // a key may hold brackets itself (a title): it ends at the `]` before `.`, `[` or the end
      let j = i + 1;
      const ends = (k: number) =>
        k + 1 === path.length || path[k + 1] === '.' || path[k + 1] === '[';
      while (j < path.length && !(path[j] === ']' && ends(j))) j++;
      out.push(path.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
      out.push(path.slice(i, j));
      i = j;
    }
  }
  return out;
}

const NUMERIC = new Set([
  'timeLimitDays',
  'minFine',
  'maxFine',
  'legalTimeLimitDays',
  'promisedTimeLimitDays',
]);

function parseLeaf(name: string, v: string | null): unknown {
  if (v === null) return null;
  if (NUMERIC.has(name)) return Number(v);
  if (name === 'isKey') return v === 'true';
  return v;
}

type Rec = Record<string, unknown>;
const parse = (v: string | null): Rec | null => (v === null ? null : (JSON.parse(v) as Rec));

/** The element of a keyed list with this key (a repeated key carries `#n`), or -1. */
function indexOfKey<T>(list: readonly T[], key: string, keyOf: (x: T) => string): number {
  const m = /^(.*)#(\d+)$/.exec(key);
  const [base, nth] = m ? [m[1]!, Number(m[2])] : [key, 1];
  let seen = 0;
  return list.findIndex((x) => keyOf(x) === base && ++seen === nth);
}

/** Adds (after set), removes (after null) or edits one element of a keyed list. */
function applyKeyed<T>(
  list: T[],
  key: string,
  keyOf: (x: T) => string,
  rest: string[],
  ch: FieldChange,
  fromJson: (x: Rec) => T = (x) => x as T,
): void {
  const at = indexOfKey(list, key, keyOf);
  if (rest.length === 0) {
    if (ch.after === null) list.splice(at, 1);
    else list.push(fromJson(parse(ch.after)!));
  } else {
    (list[at] as Rec)[rest[0]!] = parseLeaf(rest[0]!, ch.after);
  }
}

/** Sets, removes (a hole, closed at the end) or edits one element of a list keyed by position. */
function applyPositioned(list: unknown[], rest: string[], ch: FieldChange): void {
  const i = Number(rest[0]);
  if (rest.length === 1) {
    if (ch.after === null) delete list[i];
    else list[i] = parse(ch.after);
  } else {
    (list[i] as Rec)[rest[1]!] = parseLeaf(rest[1]!, ch.after);
  }
}

/**
 * Applies the changes `diffContents(a, b, labels)` made to `a`, giving `b`'s elements (keyed
 * lists may come out in another order). `resolve` maps the labels back to ids; the default fits
 * `ID_LABELS`.
 */
export function applyChanges(
  a: PowerContent,
  changes: readonly FieldChange[],
  resolve: { documentId(title: string): string; unitId(name: string): string } = {
    documentId: (t) => t,
    unitId: (n) => n,
  },
): PowerContent {
  const out = JSON.parse(JSON.stringify(a)) as PowerContent;
  const o = out as Rec;
  const titleOf = new Map<string, string>();
  for (const ch of changes) {
    const [top, ...rest] = steps(ch.path) as [string, ...string[]];
    if (rest.length === 0) {
      o[top] = ['externalFlow', 'internalFlow', 'discretion'].includes(top)
        ? parse(ch.after)
        : parseLeaf(top, ch.after);
    } else if (top === 'subject') {
      const s = (out.subject ??= { unitId: '', type: 'STATUTORY' }) as unknown as Rec;
      if (rest[0] === 'unit') s.unitId = ch.after === null ? '' : resolve.unitId(ch.after);
      else if (rest[0] === 'coImplementers')
        s.coImplementerIds = ch.after === null ? [] : ch.after.split('、').map(resolve.unitId);
      else s[rest[0]!] = ch.after;
    } else if (top === 'legalBases') {
      const bases = (out.legalBases ??= []);
      const key = rest[0]!;
      const title = /^《(.*)》(#\d+)?$/.exec(key)?.[1] ?? key;
      titleOf.set(resolve.documentId(title), title);
      applyKeyed(
        bases,
        key,
        (b) => `《${titleOf.get(b.documentId) ?? b.documentId}》`,
        rest.slice(1),
        ch,
        (x) => ({
          documentId: resolve.documentId(x.document as string),
          articles: x.articles as string,
          excerpt: (x.excerpt as string | undefined) ?? null,
        }),
      );
    } else if (top === 'discretion') {
      const d = out.discretion as unknown as Rec;
      if (rest.length === 1) d[rest[0]!] = ch.after;
      else applyPositioned(d[rest[0]!] as unknown[], rest.slice(1), ch);
    } else {
      const chart = o[top] as FlowchartData;
      const [part, key, ...leaf] = rest as [string, ...string[]];
      if (key === undefined) (chart as unknown as Rec)[part] = ch.after;
      else if (part === 'edges') applyKeyed(chart.edges, key, edgeKey, leaf, ch);
      else if (leaf[0] === 'riskPoints') {
        const node = chart.nodes[indexOfKey(chart.nodes, key, (n) => n.key)]!;
        applyPositioned((node.riskPoints ??= []), leaf.slice(1), ch);
      } else applyKeyed(chart.nodes, key, (n) => n.key, leaf, ch);
    }
  }
  if (out.subject && !out.subject.unitId && !out.subject.type) out.subject = null;
  for (const chart of [out.externalFlow, out.internalFlow]) {
    for (const n of chart?.nodes ?? [])
      if (n.riskPoints) n.riskPoints = n.riskPoints.filter(Boolean);
  }
  if (out.discretion) {
    out.discretion.tiers = out.discretion.tiers.filter(Boolean);
    out.discretion.circumstances = out.discretion.circumstances.filter(Boolean);
  }
  return out;
}
