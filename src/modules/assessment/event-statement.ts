/**
 * The event-based detectors (requests and obligations, status changes and usage, the supervision
 * records) read their records in SQL parts that one statement runs together, each part's rows
 * aggregated to JSON: a scorecard's event detectors, findings and appeals cost one statement
 * whatever the scheme, and a ranking the same one over all its units. Each detector judges its
 * rows in `judge`; what SQL can decide (lateness, per-unit counts) it decides in its part, so only
 * the cases' evidence comes to Node.
 */
import type { EntityManager } from 'typeorm';

import type { DetectedCase, DetectorInput, DetectorResult } from './detector';
import { schemeItems, type DetectorId } from './scheme';

/** A part's rows, as PostgreSQL's `json_agg` wrote them (dates as ISO text). */
export type Rows = Record<string, unknown>[];

/**
 * Binds a value as a parameter of the statement and returns its placeholder with a cast
 * (`$3::date`); the same value and type bound twice share one parameter.
 */
export type Bind = (value: unknown, type: string) => string;

/** A detector that reads its records through SQL parts of the shared statement. */
export interface EventDetector {
  /** its parts: a SELECT per name, with its values bound through `bind` */
  parts(input: DetectorInput, bind: Bind): Record<string, string>;
  /** its cases and applicable records from its parts' rows */
  judge(rows: Record<string, Rows>, input: DetectorInput): DetectorResult;
}

/** The statement's parameters: one per distinct value and type. */
class Parameters {
  readonly values: unknown[] = [];
  private readonly seen = new Map<string, Map<unknown, string>>();

  bind: Bind = (value, type) => {
    let byValue = this.seen.get(type);
    if (!byValue) this.seen.set(type, (byValue = new Map()));
    const key = value instanceof Date ? value.getTime() : value;
    let placeholder = byValue.get(key);
    if (!placeholder) {
      this.values.push(value);
      placeholder = `$${this.values.length}::${type}`;
      byValue.set(key, placeholder);
    }
    return placeholder;
  };
}

/**
 * SQL: whether `column` holds the id of one of `unitIds`. A unit's card compares it with the
 * unit's id, so the plan its card caches (generic, planned once per connection: `readSnapshot`)
 * is estimated for one unit's rows and looks them up by the unit's index; planned for an array,
 * the planner guesses ten units and, in the status changes, scanned the whole province's period
 * (28 ms where the look-up takes 0.4). Several units compare it with the array (`= ANY`): the
 * custom plan of a card of several units sees the ids and looks a city's rows up by the unit's
 * index (its suspension part: 17 ms), where a semi-join on the unnested array scanned the whole
 * province's (37 ms).
 */
export function inUnits(bind: Bind, unitIds: readonly string[]): (column: string) => string {
  if (unitIds.length === 1) {
    const unit = bind(unitIds[0], 'uuid');
    return (column) => `${column} = ${unit}`;
  }
  const units = bind(unitIds, 'uuid[]');
  return (column) => `${column} = ANY(${units})`;
}

/**
 * Runs the named parts in one statement and returns each part's rows by name: one row of one
 * JSON column per part (its rows in the part's order), so the parts see one snapshot and cost one
 * round trip.
 */
export async function runParts(
  m: EntityManager,
  build: (bind: Bind) => Record<string, string>,
): Promise<Record<string, Rows>> {
  const params = new Parameters();
  const parts = Object.entries(build(params.bind));
  if (!parts.length) return {};
  const columns = parts.map(
    ([, sql], i) => `(SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t) AS p${i}`,
  );
  const [row]: Record<string, Rows>[] = await m.query(
    `SELECT ${columns.join(',\n       ')}`,
    params.values,
  );
  return Object.fromEntries(parts.map(([name], i) => [name, row[`p${i}`]]));
}

/** Runs several event detectors in one statement, with any extra parts the caller adds. */
export async function runEventDetectors(
  input: DetectorInput,
  detectors: ReadonlyMap<string, EventDetector>,
  extra: (bind: Bind) => Record<string, string> = () => ({}),
): Promise<{ results: Map<string, DetectorResult>; extra: Record<string, Rows> }> {
  const results = new Map<string, DetectorResult>();
  if (!input.unitIds.length) {
    for (const id of detectors.keys()) results.set(id, { cases: [], applicable: new Map() });
    return { results, extra: {} };
  }
  const names = new Map<string, string[]>();
  const rows = await runParts(input.m, (bind) => {
    const all: Record<string, string> = {};
    for (const [id, d] of detectors) {
      const parts = d.parts(input, bind);
      names.set(id, Object.keys(parts));
      for (const [name, sql] of Object.entries(parts)) all[`${id}/${name}`] = sql;
    }
    for (const [name, sql] of Object.entries(extra(bind))) all[`/${name}`] = sql;
    return all;
  });
  for (const [id, d] of detectors) {
    const own: Record<string, Rows> = {};
    for (const name of names.get(id)!) own[name] = rows[`${id}/${name}`];
    results.set(id, d.judge(own, input));
  }
  const extraRows: Record<string, Rows> = {};
  for (const [key, value] of Object.entries(rows))
    if (key.startsWith('/')) extraRows[key.slice(1)] = value;
  return { results, extra: extraRows };
}

/** Per-unit counts from a part's rows of `{ unitId, n }`. */
export function countsByUnit(rows: Rows): Map<string, number> {
  return new Map(rows.map((r) => [r.unitId as string, r.n as number]));
}

/**
 * SQL: whether the cases of `detector` of the unit whose id is `unit` are listed with their
 * evidence: every unit's in a scorecard; in a ranking (which shows no evidence) only a unit's with
 * an appeal overturned on an item the detector scores, whose case must be listed for the appeal to
 * count. The others' cases are counted in SQL and reported through `DetectorResult.counted`.
 */
export function listsCases(
  input: Pick<DetectorInput, 'mode' | 'scheme'>,
  bind: Bind,
  detector: DetectorId,
  unit: string,
): string {
  if (input.mode !== 'scores') return 'true';
  const items = schemeItems(input.scheme)
    .filter((i) => i.detector === detector)
    .map((i) => i.code);
  return `${unit} IN (SELECT a.unit_id FROM appeal a
                       WHERE a.scheme = ${bind(input.scheme.code, 'text')} AND a.status = 'OVERTURNED'
                         AND a.item_code = ANY(${bind(items, 'text[]')}))`;
}

/**
 * A detector's result from its part's rows, one per unit (`unitId`; `n`, the records it judged;
 * `c`, its cases; whether they are `listed`) and the listed units' cases: the others' counted.
 */
export function perUnitResult(rows: Rows, cases: DetectedCase[]): DetectorResult {
  const applicable = new Map<string, number>();
  const counted = new Map<string, number>();
  for (const r of rows) {
    const unit = r.unitId as string;
    if (r.n) applicable.set(unit, r.n as number);
    if (!r.listed && r.c) counted.set(unit, r.c as number);
  }
  return counted.size ? { cases, applicable, counted } : { cases, applicable };
}

/** The first instant of a China Standard Time date, as SQL: `($d)::timestamp AT TIME ZONE …`. */
export const dayStart = (date: string) => `(${date})::timestamp AT TIME ZONE 'Asia/Shanghai'`;

/** The detector run on its own: its parts in one statement of their own. */
export function alone(d: EventDetector): (input: DetectorInput) => Promise<DetectorResult> {
  return async (input) => (await runEventDetectors(input, new Map([['d', d]]))).results.get('d')!;
}
