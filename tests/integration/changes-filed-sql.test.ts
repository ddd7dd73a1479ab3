import fc from 'fast-check';

import type { DetectedCase, DetectorInput } from '../../src/modules/assessment/detector';
import { changesFiled } from '../../src/modules/assessment/detectors/changes-filed.detector';
import {
  judgeRequestAt,
  requestCaseDate,
  type RequestHistory,
} from '../../src/modules/assessment/request-lateness-rules';
import type { SchemeData } from '../../src/modules/assessment/scheme';
import { assessmentPeriod } from '../../src/modules/assessment/scorecard-rules';
import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * Item 5 (changes-filed) judges obligations and requests in SQL. Over random records around the
 * instant judged (to the microsecond, where Node sees milliseconds) and periods ended or still
 * running, it must find exactly what the Node rules (`judgeRequestAt`, `requestCaseDate`, the
 * obligation's met / due) find over the same rows as Node reads them.
 */

let t: TestApp;
let w: World;
let scheme: SchemeData;
let seq = 0;

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  scheme = await t.services.assessment.scheme('DISTRICT_SANHEYI');
}, 60_000);
afterAll(() => t.close());

const FROM = '2026-06-01';
const TO = '2026-06-30';
const DAY = 86_400_000;
const END = Date.parse('2026-07-01T00:00:00+08:00');

/** An instant near another, as SQL text with microseconds: days, hours, or a hair either side. */
const near = fc.oneof(
  fc.integer({ min: -40, max: 15 }).map((d) => d * DAY),
  fc.integer({ min: -72, max: 72 }).map((h) => h * 3_600_000),
  fc.constantFrom(-1.5, -1, -0.999, -0.5, -0.001, 0, 0.001, 0.5, 0.999, 1, 1.5),
);
const sqlInstant = (base: number, offsetMs: number) => {
  const micros = Math.round((base + offsetMs) * 1000);
  return `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23)}${String(((micros % 1000) + 1000) % 1000).padStart(3, '0')}Z`;
};
const isoDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

const requestArb = fc.record({
  status: fc.constantFrom('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN'),
  measure: fc.constantFrom('FILED', 'COMPLETED', null),
  due: fc.integer({ min: -40, max: 12 }),
  created: near,
  submitted: fc.option(near),
  decided: fc.option(near),
  updated: near,
});

const obligationArb = fc.record({
  due: fc.integer({ min: -35, max: 12 }),
  met: fc.option(fc.integer({ min: -35, max: 15 })),
  withdrawn: fc.boolean(),
});

/** The detector's judgement as the Node rules make it, over the rows as Node reads them. */
async function reference(input: DetectorInput) {
  const { m, unitIds, from, to, asOf, asOfDate, through } = input;
  const obligations: {
    id: string;
    unit_id: string;
    power_id: string;
    code: string;
    cause: string;
    due_on: string;
    met_on: string | null;
    met_by_id: string | null;
  }[] = await m.query(
    `SELECT o.id, o.unit_id, o.power_id, p.code, o.cause, o.due_on::text, o.met_on::text, o.met_by_id
       FROM obligation o JOIN power p ON p.id = o.power_id
      WHERE o.unit_id = ANY($1) AND o.due_on BETWEEN $2 AND $3
        AND (o.withdrawn_at IS NULL OR o.met_on IS NOT NULL)
      ORDER BY o.due_on, o.id`,
    [unitIds, from, to],
  );
  const requests: (RequestHistory & { id: string; unit_id: string; power_id: string | null })[] =
    await m.query(
      `SELECT cr.id, cr.unit_id, cr.power_id, cr.status, cr.due_on::text AS "dueOn",
              cr.policy_measure AS measure, cr.created_at AS "createdAt",
              cr.submitted_at AS "submittedAt", cr.decided_at AS "decidedAt",
              cr.updated_at AS "updatedAt"
         FROM change_request cr
        WHERE cr.unit_id = ANY($1) AND cr.obligation_id IS NULL AND cr.due_on IS NOT NULL
        ORDER BY cr.due_on, cr.created_at, cr.id`,
      [unitIds],
    );
  const cases: DetectedCase[] = [];
  const applicable = new Map<string, number>();
  const count = (unit: string) => applicable.set(unit, (applicable.get(unit) ?? 0) + 1);
  for (const o of obligations) {
    const met = o.met_on !== null && o.met_on <= through;
    if (!met && o.due_on >= asOfDate) continue;
    count(o.unit_id);
    if (met && o.met_on! <= o.due_on) continue;
    cases.push({
      unitId: o.unit_id,
      powerId: o.power_id,
      obligationId: o.id,
      changeRequestId: met ? o.met_by_id : null,
      occurredOn: met ? o.met_on : o.due_on,
      reason: met
        ? `权力事项 ${o.code} 未按期变更：应于 ${o.due_on} 前完成，实际于 ${o.met_on} 完成（${o.cause}）`
        : `权力事项 ${o.code} 逾期未变更：应于 ${o.due_on} 前完成，至 ${through} 仍未完成（${o.cause}）`,
    });
  }
  for (const r of requests) {
    // the period's filter as Node reads the rows
    const caseOn = requestCaseDate(r)!;
    if (!(r.createdAt < asOf) || caseOn < from || caseOn > to) continue;
    const j = judgeRequestAt(r, asOf);
    if (!j.judged) continue;
    count(r.unit_id);
    if (!j.late) continue;
    const verb = r.measure === 'FILED' ? '提交' : '办结';
    cases.push({
      unitId: r.unit_id,
      powerId: r.power_id,
      changeRequestId: r.id,
      occurredOn: j.doneOn ?? caseOn,
      reason: j.doneOn
        ? `变更申请超过时限：应于 ${r.dueOn} 前${verb}，实际于 ${j.doneOn} ${verb}`
        : `变更申请逾期：应于 ${r.dueOn} 前${verb}，至 ${through} 仍未${verb}`,
    });
  }
  return { cases, applicable };
}

describe('item 5 judged in SQL', () => {
  it('finds what the Node rules find, to the millisecond Node sees, in periods ended or running', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(requestArb, { maxLength: 8 }),
        fc.array(obligationArb, { maxLength: 6 }),
        // now: inside the period (provisional) or after it
        fc.oneof(
          fc.integer({ min: Date.parse('2026-06-03T00:00:00+08:00'), max: END - 1 }),
          fc.integer({ min: END, max: END + 20 * DAY }),
          fc.constant(END),
        ),
        async (requests, obligations, now) => {
          const period = assessmentPeriod(FROM, TO, new Date(now));
          const at = period.asOf.getTime();
          const unit = await t.services.regions.createUnit(
            {
              code: `${w.county.code}${String(100 + ++seq)}`,
              name: `单位${seq}`,
              regionId: w.county.id,
            },
            { userId: null, requestId: 'test' },
          );
          const imported = await t.ok(
            `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { created } }`,
            { i: [{ unitId: unit.id, draft: penaltyDraft(unit, w.law.id, 1) }] },
            w.tokens.admin,
          );
          expect(imported.importPowers.created).toBe(1);
          const [power] = await t.ds.query(`SELECT id FROM power WHERE unit_id = $1`, [unit.id]);
          for (const r of requests) {
            await t.ds.query(
              `INSERT INTO change_request (kind, status, unit_id, power_id, reason, due_on, policy_measure,
                                           created_at, submitted_at, decided_at, updated_at, created_by_id, row_version)
               VALUES ('MODIFY', $1, $2, $3, '测试', $4, $5, $6, $7, $8, $9, $10, 1)`,
              [
                r.status,
                unit.id,
                power.id,
                isoDay(at + r.due * DAY),
                r.measure,
                sqlInstant(at, r.created),
                r.submitted === null ? null : sqlInstant(at, r.submitted),
                r.decided === null ? null : sqlInstant(at, r.decided),
                sqlInstant(at, r.updated),
                w.userIds.admin,
              ],
            );
          }
          for (const o of obligations) {
            await t.ds.query(
              `INSERT INTO obligation (power_id, unit_id, cause, triggered_on, due_on, policy_days, policy_count,
                                       policy_measure, met_on, withdrawn_at)
               VALUES ($1, $2, '法律修订', $3, $4, 10, 'WORKING_DAYS', 'FILED', $5, $6)`,
              [
                power.id,
                unit.id,
                isoDay(at - 60 * DAY),
                isoDay(at + o.due * DAY),
                o.met === null ? null : isoDay(at + o.met * DAY),
                o.withdrawn ? new Date(at - DAY) : null,
              ],
            );
          }
          await t.ds.transaction('REPEATABLE READ', async (m) => {
            const input = {
              m,
              unitIds: [unit.id],
              ...period,
              mode: 'evidence',
              scheme,
              param: <T>(_: string, fallback: T) => fallback,
            } as unknown as DetectorInput;
            const got = await changesFiled(input);
            const want = await reference(input);
            expect(got.cases).toEqual(want.cases);
            expect(got.applicable).toEqual(want.applicable);
            // a ranking's: the same cases counted, none listed (no appeal overturned)
            const scores = await changesFiled({ ...input, mode: 'scores' });
            const perUnit = new Map<string, number>();
            for (const c of want.cases) perUnit.set(c.unitId, (perUnit.get(c.unitId) ?? 0) + 1);
            expect(scores.cases).toEqual([]);
            expect(scores.counted ?? new Map()).toEqual(perUnit);
            expect(scores.applicable).toEqual(want.applicable);
          });
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
