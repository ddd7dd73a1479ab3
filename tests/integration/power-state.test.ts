import fc from 'fast-check';

import { CHECK_COLUMNS, powersAsOf } from '../../src/modules/assessment/catalog-snapshot';
import {
  applyChange,
  createPowers,
  type VersionContent,
} from '../../src/modules/catalog/versioning';
import { loadVersionContents, storeContentChecks } from '../../src/modules/flow/content-checks';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let n = 0;
beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

const SINCE = Date.parse('2024-03-01T09:00:00+08:00');
const MINUTE = 60_000;
const STATUSES = ['ACTIVE', 'DORMANT', 'SUSPENDED', 'CANCELLED'] as const;

/** A power that entered the catalog at SINCE with version 1 and its first status. */
async function pastPower(): Promise<string> {
  n += 1;
  const content = penaltyDraft(w.unit, w.law.id, 500 + n) as unknown as VersionContent;
  const [p] = await t.ds.transaction((m) =>
    createPowers(m, [{ unitId: w.unit.id, content, since: new Date(SINCE) }], null),
  );
  return p.id;
}

/** What `powersAsOf` answers for these powers at `at`: by power, its status and version. */
async function byState(ids: string[], at: Date) {
  const rows: { id: string; status: string | null; version_id: string | null }[] = await t.ds.query(
    `SELECT p.id, p.status, p.version_id FROM ${powersAsOf('$1::timestamptz', 'p.power_id = ANY($2)')} p`,
    [at, ids],
  );
  return Object.fromEntries(rows.map((r) => [r.id, [r.status, r.version_id]]));
}

/** The same from the history alone: the latest status change before `at`, the version holding it. */
async function byHistory(ids: string[], at: Date) {
  const rows: { id: string; status: string | null; version_id: string | null }[] = await t.ds.query(
    `SELECT p.id,
              (SELECT sc.status FROM power_status_change sc WHERE sc.power_id = p.id AND sc.at < $1
                ORDER BY sc.at DESC LIMIT 1) AS status,
              (SELECT v.id FROM power_version v WHERE v.power_id = p.id AND v.valid_from < $1
                  AND (v.valid_to IS NULL OR v.valid_to >= $1)) AS version_id
         FROM power p WHERE p.id = ANY($2)`,
    [at, ids],
  );
  return Object.fromEntries(rows.map((r) => [r.id, [r.status, r.version_id]]));
}

/** A history written in any order: distinct instants (minutes after SINCE) with their statuses. */
const history = fc.record({
  statuses: fc.uniqueArray(
    fc.tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom(...STATUSES)),
    { selector: ([m]) => m, maxLength: 6 },
  ),
  // the later versions' starts; inserted in this order, several per statement when grouped
  versions: fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 4 }),
  grouped: fc.boolean(),
  // instants asked about, beside every change's own instant and the instants just around it
  asked: fc.array(fc.integer({ min: -5, max: 520 }), { maxLength: 4 }),
});

describe('the status and version in force by power_state', () => {
  it('equal the ones the history gives, whatever order the history was written in', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const id = await pastPower();
        const at = (m: number) => new Date(SINCE + m * MINUTE);
        // status changes, each its own statement or all in one, in the order generated
        const changes = h.statuses.map(([m, s]) => [id, s, at(m)] as const);
        if (h.grouped && changes.length)
          await t.ds.query(
            `INSERT INTO power_status_change (power_id, status, at)
             SELECT $1, unnest($2::text[]), unnest($3::timestamptz[])`,
            [id, changes.map((c) => c[1]), changes.map((c) => c[2])],
          );
        else
          for (const c of changes)
            await t.ds.query(
              `INSERT INTO power_status_change (power_id, status, at) VALUES ($1, $2, $3)`,
              c,
            );
        // versions 2.. contiguous after version 1, which is closed (an update) at the first start
        const starts = [...h.versions].sort((a, b) => a - b);
        // (one transaction: the chain of versions is checked as it commits)
        if (starts.length)
          await t.ds.transaction(async (m) => {
            await m.query(
              `UPDATE power_version SET valid_to = $2 WHERE power_id = $1 AND version_no = 1`,
              [id, at(starts[0])],
            );
            const rows = starts.map((s, i) => ({
              no: i + 2,
              from: at(s),
              to: i + 1 < starts.length ? at(starts[i + 1]) : null,
            }));
            // inserted in the order generated, not the order they follow each other
            const order = h.versions.map((s) => rows[starts.indexOf(s)]);
            for (const r of h.grouped ? [order] : order.map((r) => [r]))
              await m.query(
                `INSERT INTO power_version (power_id, version_no, code, name, category, is_key,
                          subject_unit_id, subject_type, valid_from, valid_to)
                 SELECT v.power_id, x.no, v.code, v.name, v.category, v.is_key, v.subject_unit_id,
                        v.subject_type, x.f, x.t
                   FROM power_version v,
                        unnest($2::int[], $3::timestamptz[], $4::timestamptz[]) AS x(no, f, t)
                  WHERE v.power_id = $1 AND v.version_no = 1`,
                [id, r.map((x) => x.no), r.map((x) => x.from), r.map((x) => x.to)],
              );
          });
        const instants = [
          0,
          ...h.statuses.map(([m]) => m),
          ...h.versions,
          ...h.asked.map((m) => m),
        ].flatMap((m) => [SINCE + m * MINUTE - 1, SINCE + m * MINUTE, SINCE + m * MINUTE + 1]);
        for (const x of instants) {
          const when = new Date(x);
          expect(await byState([id], when)).toEqual(await byHistory([id], when));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('follow the changes the service applies, a scheduled one included', async () => {
    const id = await pastPower();
    const apply = (change: object) =>
      t.ds.transaction((m) =>
        applyChange(m, {
          powerId: id,
          unitId: w.unit.id,
          changeRequestId: null,
          actorId: null,
          ...change,
        }),
      );
    const content = penaltyDraft(w.unit, w.law.id, 900, {
      promisedTimeLimitDays: 30,
    }) as unknown as VersionContent;
    const [{ code }] = await t.ds.query(`SELECT code FROM power WHERE id = $1`, [id]);
    await apply({ content: { ...content, code }, at: new Date('2025-05-06T15:00:00+08:00') });
    await apply({ status: 'DORMANT', at: new Date('2025-08-01T15:00:00+08:00') });
    const later = new Date(Date.now() + 3_600_000);
    await apply({ status: 'SUSPENDED', effectiveFrom: later });
    for (const x of [
      '2024-03-01T08:00:00+08:00',
      '2025-05-06T15:00:00+08:00',
      '2025-05-06T15:00:00.001+08:00',
      '2025-08-01T15:00:00.001+08:00',
    ])
      expect(await byState([id], new Date(x))).toEqual(await byHistory([id], new Date(x)));
    for (const x of [Date.now(), later.getTime(), later.getTime() + 1])
      expect(await byState([id], new Date(x))).toEqual(await byHistory([id], new Date(x)));
    const [status] = Object.values(await byState([id], new Date(later.getTime() + 1)));
    expect(status[0]).toBe('SUSPENDED');
  });
});

/** The state row's copy of the checks beside the stored checks of its latest version (or none). */
async function copiedChecks(id: string) {
  const cols = CHECK_COLUMNS;
  const [row] = await t.ds.query(
    `SELECT json_build_array(s.check_revision, ${cols.map((c) => `s.${c}`).join(', ')}) AS copy,
            json_build_array(c.revision, ${cols.map((c) => `c.${c}`).join(', ')}) AS stored
       FROM power_state s LEFT JOIN power_version_check c ON c.version_id = s.version_id
      WHERE s.power_id = $1`,
    [id],
  );
  return row as { copy: unknown[]; stored: unknown[] };
}

/** What may happen to a power's versions and their stored checks, in any order. */
const checkOps = fc.array(
  fc.constantFrom(
    'version', // a new latest version, no checks stored yet
    'store', // its checks computed and stored (or stored again: an upsert)
    'rejudge', // its code judged again under another rule (an update of three columns)
    'revision', // stored under an older revision
    'delete', // removed
    'older', // the checks of a version that is not the latest, stored again
  ),
  { minLength: 1, maxLength: 8 },
);

describe('the stored checks beside power_state', () => {
  it('are its latest version’s checks, or none, whatever happens to versions and checks', async () => {
    await fc.assert(
      fc.asyncProperty(checkOps, async (ops) => {
        const id = await pastPower();
        let minutes = 0;
        const versions = async (): Promise<string[]> =>
          (
            await t.ds.query(
              `SELECT id FROM power_version WHERE power_id = $1 ORDER BY valid_from`,
              [id],
            )
          ).map((v: { id: string }) => v.id);
        const store = async (versionId: string) => {
          const contents = await loadVersionContents(t.ds, [versionId]);
          await storeContentChecks(t.ds, [{ versionId, content: contents.get(versionId)! }]);
        };
        for (const op of ops) {
          const all = await versions();
          const latest = all[all.length - 1];
          if (op === 'version') {
            minutes += 10;
            const from = new Date(SINCE + minutes * MINUTE);
            await t.ds.transaction(async (m) => {
              await m.query(`UPDATE power_version SET valid_to = $2 WHERE id = $1`, [latest, from]);
              await m.query(
                `INSERT INTO power_version (power_id, version_no, code, name, category, is_key,
                          subject_unit_id, subject_type, valid_from)
                 SELECT power_id, $3, code, name, category, is_key, subject_unit_id, subject_type, $2
                   FROM power_version WHERE id = $1`,
                [latest, from, all.length + 1],
              );
            });
          } else if (op === 'store') await store(latest);
          else if (op === 'rejudge')
            await t.ds.query(
              `UPDATE power_version_check
                  SET code_rule = 'X-{seq4}', code_unit = 'X', code_problem = 'CODE_BAD_FORMAT'
                WHERE version_id = $1`,
              [latest],
            );
          else if (op === 'revision')
            await t.ds.query(
              `UPDATE power_version_check SET revision = revision - 1 WHERE version_id = $1`,
              [latest],
            );
          else if (op === 'delete')
            await t.ds.query(`DELETE FROM power_version_check WHERE version_id = $1`, [latest]);
          else if (all.length > 1) await store(all[0]);
          const { copy, stored } = await copiedChecks(id);
          expect(copy).toEqual(stored);
        }
      }),
      { numRuns: 20 },
    );
  });
});

describe('power_state.created_at', () => {
  it('is the power’s, when it enters the catalog and when it is backdated', async () => {
    const id = await pastPower();
    const read = async () =>
      (
        await t.ds.query(
          `SELECT p.created_at AS power, s.created_at AS state
             FROM power p JOIN power_state s ON s.power_id = p.id WHERE p.id = $1`,
          [id],
        )
      )[0];
    const entered = await read();
    expect(entered.state).toEqual(entered.power);
    await t.ds.query(`UPDATE power SET created_at = '2019-05-01T08:00:00+08:00' WHERE id = $1`, [
      id,
    ]);
    const backdated = await read();
    expect(backdated.state).toEqual(new Date('2019-05-01T08:00:00+08:00'));
    expect(backdated.state).toEqual(backdated.power);
  });
});

/** What may happen to a power's recorded uses, in any order. */
const usageOps = fc.array(
  fc.oneof(
    // a year's use recorded or recorded again (an upsert), under the power's unit or another
    fc.record({
      op: fc.constant('record' as const),
      year: fc.integer({ min: 2022, max: 2026 }),
      cases: fc.integer({ min: 0, max: 3 }),
      elsewhere: fc.boolean(),
    }),
    fc.record({ op: fc.constant('forget' as const), year: fc.integer({ min: 2022, max: 2026 }) }),
    // the power given to the other unit, or back
    fc.record({ op: fc.constant('move' as const) }),
  ),
  { minLength: 1, maxLength: 8 },
);

describe('power_state.use_years', () => {
  it('are the years of use under the power’s unit, whatever is recorded, forgotten or moved', async () => {
    await fc.assert(
      fc.asyncProperty(usageOps, async (ops) => {
        const id = await pastPower();
        for (const o of ops) {
          const [{ unit_id: unit }] = await t.ds.query(`SELECT unit_id FROM power WHERE id = $1`, [
            id,
          ]);
          const other = unit === w.unit.id ? w.otherUnit.id : w.unit.id;
          if (o.op === 'record')
            await t.ds.query(
              `INSERT INTO power_usage (power_id, unit_id, year, cases, status_at_record)
               VALUES ($1, $2, $3, $4, 'ACTIVE')
               ON CONFLICT (power_id, year) DO UPDATE SET unit_id = EXCLUDED.unit_id, cases = EXCLUDED.cases`,
              [id, o.elsewhere ? other : unit, o.year, o.cases],
            );
          else if (o.op === 'forget')
            await t.ds.query(`DELETE FROM power_usage WHERE power_id = $1 AND year = $2`, [
              id,
              o.year,
            ]);
          else await t.ds.query(`UPDATE power SET unit_id = $2 WHERE id = $1`, [id, other]);
          const [row] = await t.ds.query(
            `SELECT s.use_years AS kept,
                    coalesce((SELECT array_agg(u.year ORDER BY u.year) FROM power_usage u
                               WHERE u.power_id = p.id AND u.unit_id = p.unit_id AND u.cases > 0),
                             '{}') AS recorded
               FROM power p JOIN power_state s ON s.power_id = p.id WHERE p.id = $1`,
            [id],
          );
          expect(row.kept).toEqual(row.recorded);
        }
      }),
      { numRuns: 20 },
    );
  });
});
