import ExcelJS from 'exceljs';
import request from 'supertest';

import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
const SYS = { userId: null, requestId: 'test' };
const URL = '/export/scorecard.xlsx';
const FROM = '2026-01-01';
const TO = '2026-12-31';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
});
afterAll(() => t.close());

/** GET the export with a query and an optional bearer token. */
function get(query: Record<string, string>, token?: string) {
  const req = request(t.app).get(URL).query(query);
  return token ? req.set('authorization', `Bearer ${token}`) : req;
}

/** Collects a binary body (supertest parses only text and JSON by itself). */
function binary(res: any, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

const unitQuery = () => ({ scheme: 'DISTRICT_SANHEYI', unitId: w.unit.id, from: FROM, to: TO });

describe('authentication and roles', () => {
  it('answers 401 UNAUTHENTICATED as JSON without a token', async () => {
    const r = await get(unitQuery()).expect(401).expect('content-type', /json/);
    expect(r.body).toEqual({
      errors: [{ message: expect.stringMatching(/登录/), extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('answers 401 for a token that is not ours', async () => {
    const r = await get(unitQuery(), 'not-a-token').expect(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers 403 FORBIDDEN to a unit operator and a unit legal officer', async () => {
    for (const token of [w.tokens.unitOperator, w.tokens.unitLegal]) {
      const r = await get(unitQuery(), token).expect(403);
      expect(r.body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }],
      });
    }
  });

  it('answers 403 to a reviewer asking for a unit outside their region', async () => {
    const r = await get(unitQuery(), w.tokens.otherReviewer).expect(403);
    expect(r.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('every route beside /graphql answers errors in the contract’s shape', () => {
  const routes = [
    ['get', '/export/scorecard.xlsx'],
    ['get', '/export/ranking.xlsx'],
    ['get', '/export/catalog.xlsx'],
    ['post', '/import/catalog.xlsx'],
  ] as const;

  it('answers { errors: [{ message, extensions: { code } }] } without a token, and with a bad query', async () => {
    for (const [method, url] of routes) {
      const none = await request(t.app)[method](url).expect(401).expect('content-type', /json/);
      expect(none.body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }],
      });
      const bad = await request(t.app)
        [method](url)
        .query({ unitId: 'not-an-id', regionId: 'not-an-id', from: '2026-02-30' })
        .set('authorization', `Bearer ${w.tokens.admin}`)
        .expect(400);
      expect(bad.body.errors).toHaveLength(1);
      expect(bad.body.errors[0]).toMatchObject({
        message: expect.any(String),
        extensions: { code: 'BAD_USER_INPUT', fields: expect.any(Array) },
      });
      expect(bad.body.errors[0].extensions.fields.map((f: any) => f.path)).toContain('unitId');
    }
  });
});

describe('query validation', () => {
  it('answers 400 with fields for a date that does not exist', async () => {
    const r = await get({ ...unitQuery(), from: '2026-02-30' }, w.tokens.assessor).expect(400);
    expect(r.body.errors[0]).toMatchObject({
      message: expect.any(String),
      extensions: {
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'from', message: expect.stringMatching(/YYYY-MM-DD/) }],
      },
    });
  });

  it('answers 400 for both unitId and regionId, and for neither', async () => {
    const both = await get({ ...unitQuery(), regionId: w.county.id }, w.tokens.assessor).expect(
      400,
    );
    expect(both.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(both.body.errors[0].extensions.fields.map((f: any) => f.path).sort()).toEqual([
      'regionId',
      'unitId',
    ]);
    const neither = await get(
      { scheme: 'DISTRICT_SANHEYI', from: FROM, to: TO },
      w.tokens.assessor,
    ).expect(400);
    expect(neither.body.errors[0].extensions.fields.map((f: any) => f.path).sort()).toEqual([
      'regionId',
      'unitId',
    ]);
  });

  it('answers 400 for a missing scheme, a malformed id and a period that ends before it starts', async () => {
    const r = await get(
      { unitId: 'abc', from: '2026-12-31', to: '2026-01-01' },
      w.tokens.assessor,
    ).expect(400);
    expect(r.body.errors[0].extensions.fields.map((f: any) => f.path).sort()).toEqual([
      'from',
      'scheme',
      'unitId',
    ]);
  });

  it(`answers 400 for an unknown scheme, 404 for an unknown unit`, async () => {
    const scheme = await get({ ...unitQuery(), scheme: 'NO_SUCH' }, w.tokens.assessor).expect(400);
    expect(scheme.body.errors[0].extensions.fields).toEqual([
      { path: 'scheme', message: expect.any(String) },
    ]);
    const unit = await get(
      { ...unitQuery(), unitId: '00000000-0000-4000-8000-000000000000' },
      w.tokens.admin,
    ).expect(404);
    expect(unit.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it(`masks an internal error as 500 with a request id`, async () => {
    const spy = jest
      .spyOn(t.services.assessment, 'scorecard')
      .mockRejectedValueOnce(new Error('relation "secret_table" does not exist'));
    const r = await get(unitQuery(), w.tokens.assessor).set('x-request-id', 'req-500').expect(500);
    spy.mockRestore();
    expect(r.body).toEqual({
      errors: [
        {
          message: expect.any(String),
          // the server's own id, never the client's x-request-id
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: r.headers['x-request-id'] },
        },
      ],
    });
    expect(r.headers['x-request-id']).not.toBe('req-500');
    expect(JSON.stringify(r.body)).not.toMatch(/secret_table/);
  });
});

describe('the workbook', () => {
  it(`sends the district table for a unit with one penalty without a discretion benchmark`, async () => {
    const unit = await t.services.regions.createUnit(
      { code: `${w.county.code}901`, name: '综合行政执法局', regionId: w.county.id },
      SYS,
    );
    const u = { id: unit.id, code: unit.code };
    const imported = await t.ok(
      `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { id code } } }`,
      { i: [{ unitId: u.id, draft: penaltyDraft(u, w.law.id, 1, { discretion: null }) }] },
      w.tokens.admin,
    );
    const power = imported.importPowers.powers[0];

    const r = await get({ ...unitQuery(), unitId: u.id }, w.tokens.assessor)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(r.headers['content-type']).toBe(XLSX);
    const disposition = r.headers['content-disposition'];
    expect(disposition).toMatch(
      /^attachment; filename="scorecard-DISTRICT_SANHEYI-2026-01-01-2026-12-31\.xlsx"; filename\*=UTF-8''/,
    );
    const utf8 = decodeURIComponent(disposition.split("filename*=UTF-8''")[1]);
    expect(utf8).toContain('综合行政执法局');
    expect(utf8).toMatch(/\.xlsx$/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['评分表', '扣分明细']);

    // sheet 1: the header, then the scheme's items in table order, then 合计
    const sheet = wb.getWorksheet('评分表')!;
    expect(sheet.getCell('A1').value).toContain('综合行政执法局');
    expect(sheet.getRow(2).getCell(1).value).toBe('项目');
    const scheme = await t.services.assessment.scheme('DISTRICT_SANHEYI');
    const codes = scheme.sections.flatMap((s) => s.items.map((i) => i.code));
    const rows = Array.from({ length: codes.length }, (_, i) => sheet.getRow(i + 3));
    // the 加分 / 减分 rows by the table's words, not the internal codes
    expect(rows.map((row) => String(row.getCell(2).value))).toEqual(
      codes.map((c) => ({ BONUS: '加分', PENALTY: '减分' })[c] ?? c),
    );
    expect(sheet.getRow(codes.length + 3).getCell(1).value).toBe('合计');
    expect(sheet.getCell('A3').value).toMatch(/^组织管理/);

    const row8 = rows[codes.indexOf('8')];
    const points = row8.getCell(4).value as number;
    const score = row8.getCell(6).value as number;
    expect(typeof points).toBe('number');
    expect(typeof score).toBe('number');
    expect(score).toBeLessThan(points);
    expect(row8.getCell(7).value as number).toBeGreaterThan(0);

    // sheet 2: the deduction behind item 8 names the unit and the power
    const details = wb.getWorksheet('扣分明细')!;
    expect(details.getRow(1).getCell(1).value).toBe('序号');
    const found = Array.from({ length: details.rowCount - 1 }, (_, i) =>
      details.getRow(i + 2),
    ).filter((row) => row.getCell(1).value === 8);
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0].getCell(5).value).toBe('综合行政执法局');
    expect(found[0].getCell(6).value).toBe(power.code);
    expect(found[0].getCell(7).value).toBeTruthy();
    expect(found[0].getCell(8).value).toBe(1);
    expect(found[0].getCell(12).value).toBe('否');
  });

  it(`exports a region taken as one whole for a reviewer`, async () => {
    const r = await get(
      { scheme: 'DISTRICT_SANHEYI', regionId: w.county.id, from: FROM, to: TO },
      w.tokens.countyReviewer,
    )
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('content-type', XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('评分表')!.getCell('A1').value).toContain('测试区');
  });
});

describe('GET /export/ranking.xlsx', () => {
  const RANKING = '/export/ranking.xlsx';
  const rank = (query: Record<string, string>, token?: string) => {
    const req = request(t.app).get(RANKING).query(query);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };
  const q = () => ({ scheme: 'DISTRICT_SANHEYI', regionId: w.county.id, from: FROM, to: TO });

  it('takes the same token, roles and scope as the scorecard export', async () => {
    expect((await rank(q()).expect(401)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await rank(q(), w.tokens.unitLegal).expect(403)).body.errors[0].extensions.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await rank(q(), w.tokens.otherReviewer).expect(403)).body.errors[0].extensions.code,
    ).toBe('FORBIDDEN');
    const bad = await rank({ ...q(), unitId: w.unit.id }, w.tokens.assessor).expect(400);
    expect(bad.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'unitId', message: expect.any(String) }],
    });
  });

  it('lays out rank, unit, score, deducted and each section, best first, as the ranking query ranks', async () => {
    const r = await rank(q(), w.tokens.assessor).buffer(true).parse(binary).expect(200);
    expect(r.headers['content-type']).toBe(XLSX);
    expect(r.headers['content-disposition']).toMatch(
      /^attachment; filename="ranking-DISTRICT_SANHEYI-2026-01-01-2026-12-31\.xlsx"/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.body as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('排名')!;
    const scheme = await t.services.assessment.scheme('DISTRICT_SANHEYI');
    const header = (ws.getRow(2).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['名次', '单位', '单位代码', '得分', '扣分', '未评项数']);
    expect(header.slice(6)).toHaveLength(scheme.sections.length);
    const expected = (
      await t.ok(
        `query($r: ID!) { ranking(scheme: "DISTRICT_SANHEYI", regionId: $r, from: "${FROM}", to: "${TO}") { rank score deducted unit { name code } } }`,
        { r: w.county.id },
        w.tokens.assessor,
      )
    ).ranking;
    const rows = Array.from({ length: ws.rowCount - 2 }, (_, i) =>
      (ws.getRow(i + 3).values as unknown[]).slice(1, 6),
    );
    expect(rows).toEqual(
      expected.map((e: any) => [e.rank, e.unit.name, e.unit.code, e.score, e.deducted]),
    );
  });
});
