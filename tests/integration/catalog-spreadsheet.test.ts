import ExcelJS from 'exceljs';
import request from 'supertest';

import { makeWorld, penaltyDraft, type World } from '../helpers/factories';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let w: World;
let lawTitle: string;
let secondLaw: { id: string; title: string };
let neighbour: { id: string; name: string };
const SYS = { userId: null, requestId: 'test' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  t = await startTestApp();
  w = await makeWorld(t);
  lawTitle = (await t.services.legalDocuments.get(w.law.id)).title;
  const doc = await t.services.legalDocuments.create(
    {
      title: '城镇燃气管理条例',
      issuer: '国务院',
      level: 'ADMINISTRATIVE_REGULATION',
      promulgatedOn: '2010-11-19',
    },
    SYS,
  );
  secondLaw = { id: doc.id, title: doc.title };
  const u = await t.services.regions.createUnit(
    { code: `${w.county.code}002`, name: '城市管理局', regionId: w.county.id },
    SYS,
  );
  neighbour = { id: u.id, name: u.name };
}, 60_000);
afterAll(() => t.close());

/** Collects a binary body (supertest parses only text and JSON by itself). */
function binary(res: any, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A workbook of one sheet holding these rows (row 1 first). */
async function workbook(rows: (string | number | null)[][], name = '权责清单'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(body: Buffer, query: Record<string, string>, token?: string) {
  const req = request(t.app).post('/import/catalog.xlsx').query(query).set('content-type', XLSX);
  return (token ? req.set('authorization', `Bearer ${token}`) : req).send(body);
}

async function powerCount(): Promise<number> {
  const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM power`);
  return n;
}

let seq = 0;
const code = () => `${w.unit.code}-XK-${String(++seq).padStart(4, '0')}`;

/** A county 权责清单 as published: titles and a note above the header, synonyms for columns. */
function publishedLayout(codes: string[]) {
  return [
    ['某某区市场监督管理局权责清单'],
    ['（2024年版）'],
    ['填报单位：市场监督管理局', null, null, null, '填报日期：2024年6月1日'],
    [],
    [
      '编号',
      '职权编码',
      '职权名称',
      '权力类型',
      '设定依据',
      '行使主体',
      '主体性质',
      '委托机关',
      '共同实施主体',
      '法定期限',
      '承诺期限（工作日）',
      '状态',
      '追责情形',
      '备注',
    ],
    [
      1,
      codes[0],
      '燃气经营许可',
      '许可',
      `《${lawTitle}》第十五条、第十六条；《城镇燃气管理条例》第十五条`,
      '市场监督管理局',
      '法定',
      null,
      '城市管理局',
      '20个工作日',
      10,
      '在用',
      '依法追责',
      null,
    ],
    [
      2,
      codes[1],
      '对未取得许可经营燃气的处罚',
      '行政处罚',
      `《${lawTitle.replace('中华人民共和国', '')}》第四十五条`,
      '市场监督管理局',
      '法定',
      null,
      null,
      '20日',
      '15工作日',
      '休眠',
      null,
      null,
    ],
    [
      3,
      codes[2],
      '对燃气设施的检查',
      '行政检查',
      `${lawTitle}第二十条`,
      '市场监督管理局',
      '委托',
      '县人民政府',
      null,
      '二十个工作日',
      null,
      '挂起',
      null,
      null,
    ],
    ['注：本清单随法律法规的修改适时调整。'],
  ];
}

const POWER = `query($code: String!) { power(code: $code) { code status isKey
  current { name category legalTimeLimitDays promisedTimeLimitDays
    subject { unit { name } type entrustingParty coImplementers { name } }
    legalBases { document { title } articles excerpt } } } }`;

describe('POST /import/catalog.xlsx', () => {
  it('imports a workbook in the published layout, with titles above its header and synonyms for its columns', async () => {
    const codes = [code(), code(), code()];
    const r = await upload(
      await workbook(publishedLayout(codes)),
      { unitId: w.unit.id },
      w.tokens.countyReviewer,
    ).expect(200);
    expect(r.body).toEqual({ created: 3, rows: 3, errors: [] });

    const a = (await t.ok(POWER, { code: codes[0] }, w.tokens.admin)).power;
    expect(a).toEqual({
      code: codes[0],
      status: 'ACTIVE',
      isKey: false,
      current: {
        name: '燃气经营许可',
        category: 'LICENSING',
        legalTimeLimitDays: 20,
        promisedTimeLimitDays: 10,
        subject: {
          unit: { name: '市场监督管理局' },
          type: 'STATUTORY',
          entrustingParty: null,
          coImplementers: [{ name: '城市管理局' }],
        },
        legalBases: [
          { document: { title: lawTitle }, articles: '第十五条、第十六条', excerpt: null },
          { document: { title: '城镇燃气管理条例' }, articles: '第十五条', excerpt: null },
        ],
      },
    });
    const b = (await t.ok(POWER, { code: codes[1] }, w.tokens.admin)).power;
    expect(b.status).toBe('DORMANT');
    expect(b.current.category).toBe('PENALTY');
    expect(b.current.legalBases).toEqual([
      { document: { title: lawTitle }, articles: '第四十五条', excerpt: null },
    ]);
    expect([b.current.legalTimeLimitDays, b.current.promisedTimeLimitDays]).toEqual([20, 15]);
    const c = (await t.ok(POWER, { code: codes[2] }, w.tokens.admin)).power;
    expect(c.status).toBe('SUSPENDED');
    expect(c.current.subject).toMatchObject({ type: 'ENTRUSTED', entrustingParty: '县人民政府' });
    expect(c.current.legalBases).toEqual([
      { document: { title: lawTitle }, articles: '第二十条', excerpt: null },
    ]);
    expect(c.current.legalTimeLimitDays).toBe(20);
  });

  it('reports every error of a workbook in one pass, with the sheet row and the header as written, and writes nothing', async () => {
    const taken = code();
    await upload(
      await workbook(publishedLayout([taken, code(), code()]).slice(0, 7)),
      { unitId: w.unit.id },
      w.tokens.countyReviewer,
    ).expect(200);
    const before = await powerCount();
    const dup = code();
    const rows = [
      ['权责清单'],
      [
        '序号',
        '事项编码',
        '事项名称',
        '事项类别',
        '实施依据',
        '实施主体',
        '共同实施主体',
        '法定时限',
        '承诺时限',
        '运行状态',
      ],
      [
        1,
        dup,
        '甲事项',
        '许可',
        '《城镇燃气管理办法》第一条',
        '市场监督管理局',
        null,
        '三十天',
        '10',
        '在用',
      ],
      [
        2,
        dup,
        '乙事项',
        '行政备案',
        `《${lawTitle}》第一条`,
        '市场监督管理局',
        '生态环境局',
        '20',
        '即办',
        '在用',
      ],
      [3, taken, '丙事项', '许可', `《${lawTitle}》第一条`, '交通运输局', null, '20', '10', '取消'],
      [
        4,
        code(),
        null,
        '许可',
        `《${lawTitle}》第一条`,
        '市场监督管理局',
        null,
        '20',
        '10',
        '在用',
      ],
      [
        5,
        'bad code!',
        '戊事项',
        '许可',
        `《${lawTitle}》第一条`,
        '市场监督管理局',
        null,
        '20',
        '10',
        '在用',
      ],
    ];
    const r = await upload(
      await workbook(rows),
      { unitId: w.unit.id },
      w.tokens.countyReviewer,
    ).expect(200);
    expect(r.body.created).toBe(0);
    expect(r.body.rows).toBe(5);
    const errors = r.body.errors as { row: number; column: string; message: string }[];
    const at = (row: number, column: string) =>
      errors.filter((e) => e.row === row && e.column === column).map((e) => e.message);
    expect(at(3, '实施依据')).toEqual([
      expect.stringMatching(/《城镇燃气管理办法》不在法规库中.*最接近的有：《城镇燃气管理条例》/),
    ]);
    expect(at(3, '法定时限')).toEqual([expect.stringMatching(/三十天.*自然日/)]);
    expect(at(4, '事项类别')).toEqual([expect.stringMatching(/行政备案/)]);
    expect(at(4, '共同实施主体')).toEqual([expect.stringMatching(/生态环境局/)]);
    expect(at(4, '承诺时限')).toEqual([expect.stringMatching(/即办.*不是工作日数/)]);
    expect(at(4, '事项编码')).toEqual([`事项编码 ${dup} 与第 3 行重复`]);
    expect(at(5, '事项编码')).toEqual([`事项编码 ${taken} 已存在于权力库中`]);
    expect(at(5, '实施主体')).toEqual([expect.stringMatching(/交通运输局/)]);
    expect(at(5, '运行状态')).toEqual([expect.stringMatching(/取消/)]);
    expect(at(6, '事项名称')).toEqual(['缺少权力名称']);
    expect(at(7, '事项编码')).toEqual([expect.stringMatching(/编码只能由字母、数字和连字符组成/)]);
    expect(errors).toHaveLength(11);
    expect(await powerCount()).toBe(before);
  });

  it('reports the errors of the flowchart sheet at its own rows, and writes nothing', async () => {
    const c = code();
    const wb = new ExcelJS.Workbook();
    const main = wb.addWorksheet('权责清单');
    main.addRow(['事项编码', '事项名称', '事项类别', '实施主体']);
    main.addRow([c, '某许可', '许可', '市场监督管理局']);
    const flows = wb.addWorksheet('流程图');
    flows.addRow(['流程图']);
    flows.addRow(['事项编码', '流程图', '元素', '编号', '类型', '名称', '起点', '终点']);
    flows.addRow([c, '外部流程图', '基本信息']);
    flows.addRow([c, '外部流程图', '节点', 'a', '开始', '受理']);
    flows.addRow([c, '外部流程图', '节点', 'b', '完成', '办结']);
    flows.addRow([c, '外部流程图', '连线', null, null, null, 'a', 'z']);
    flows.addRow(['X-9', '外部流程图', '节点', 'a', '开始', '受理']);
    const before = await powerCount();
    const r = await upload(
      Buffer.from(await wb.xlsx.writeBuffer()),
      { unitId: w.unit.id },
      w.tokens.countyReviewer,
    ).expect(200);
    expect(r.body.created).toBe(0);
    expect(r.body.errors).toEqual([
      { row: 5, column: '流程图!类型', message: expect.stringMatching(/节点类型「完成」/) },
      { row: 6, column: '流程图!终点', message: expect.stringMatching(/z/) },
      { row: 7, column: '流程图!事项编码', message: '事项编码「X-9」不在权责清单工作表中' },
    ]);
    expect(await powerCount()).toBe(before);
  });

  it('checks a dry run as a real import and writes nothing', async () => {
    const codes = [code(), code(), code()];
    const before = await powerCount();
    const r = await upload(
      await workbook(publishedLayout(codes)),
      { unitId: w.unit.id, dryRun: 'true' },
      w.tokens.countyReviewer,
    ).expect(200);
    expect(r.body).toEqual({ created: 0, rows: 3, errors: [] });
    expect(await powerCount()).toBe(before);
  });

  it('lets import only whom importPowers lets, for units in their scope', async () => {
    const body = await workbook(publishedLayout([code(), code(), code()]));
    const q = { unitId: w.unit.id, dryRun: 'true' };
    const none = await upload(body, q).expect(401);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const token of [
      w.tokens.unitLegal,
      w.tokens.unitOperator,
      w.tokens.assessor,
      w.tokens.otherReviewer,
    ]) {
      const r = await upload(body, q, token).expect(403);
      expect(r.body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }],
      });
    }
    await upload(body, q, w.tokens.cityReviewer).expect(200);
    await upload(body, q, w.tokens.admin).expect(200);
    const missing = await upload(
      body,
      { unitId: '00000000-0000-4000-8000-000000000000' },
      w.tokens.admin,
    ).expect(404);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('answers 400 to a body that is not a workbook, a sheet without a header, a bad query and a body over 20 MB', async () => {
    const q = { unitId: w.unit.id };
    const notXlsx = await upload(
      Buffer.from('序号,事项名称\n1,某事项\n'),
      q,
      w.tokens.admin,
    ).expect(400);
    expect(notXlsx.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/不是 Excel 工作簿/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const zipButNot = await upload(
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]),
      q,
      w.tokens.admin,
    ).expect(400);
    expect(zipButNot.body.errors[0].message).toMatch(/不是 Excel 工作簿/);
    const noHeader = await upload(
      await workbook([['某某清单'], ['甲', '乙', '丙']]),
      q,
      w.tokens.admin,
    ).expect(400);
    expect(noHeader.body.errors[0].message).toMatch(/未找到表头/);
    const badQuery = await upload(
      await workbook([['事项名称']]),
      { unitId: 'x', dryRun: 'yes' },
      w.tokens.admin,
    ).expect(400);
    expect(badQuery.body.errors[0].extensions.fields.map((f: { path: string }) => f.path)).toEqual([
      'unitId',
      'dryRun',
    ]);
    const big = await upload(Buffer.alloc(20 * 1024 * 1024 + 1), q, w.tokens.admin).expect(400);
    expect(big.body.errors[0].message).toMatch(/最大 20 MB/);
  });
});

const CONTENT = `query($code: String!) { power(code: $code) { code status isKey
  current { name category legalTimeLimitDays promisedTimeLimitDays
    subject { unit { name } type entrustingParty coImplementers { name } }
    legalBases { document { title } articles excerpt }
    externalFlow { ...chart } internalFlow { ...chart }
    discretion { tiers { level conditions sanction minFine maxFine } circumstances { kind description }
      applicationRules filedOn adjustedOn } } } }
  fragment chart on Flowchart {
    nodes { key kind label post duty timeLimitDays externalKey riskPoints { description level measures } }
    edges { from to label } supervision counterpartyRights complaintChannel approvedOn publishedOn filedOn mermaid }`;

describe('GET /export/catalog.xlsx', () => {
  const IMPORT = `mutation($i: [ImportPowerInput!]!) { importPowers(input: $i) { powers { code } } }`;

  it('exports a catalog that re-imports to the same content, every field', async () => {
    const unit = await t.services.regions.createUnit(
      { code: `${w.county.code}003`, name: '应急管理局', regionId: w.county.id },
      SYS,
    );
    const u = { id: unit.id, code: unit.code };
    const full = penaltyDraft(u, w.law.id, 1, {
      isKey: true,
      subject: {
        unitId: u.id,
        type: 'ENTRUSTED',
        entrustingParty: '区人民政府',
        coImplementerIds: [neighbour.id, w.unit.id],
      },
      legalBases: [
        {
          documentId: w.law.id,
          articles: '第二十八条；第二十九条第一款',
          excerpt: '违反本法规定的，处以罚款。\n情节严重的，吊销许可证。',
        },
        { documentId: secondLaw.id, articles: '', excerpt: null },
      ],
    });
    const bare = {
      code: `${u.code}-QT-0001`,
      name: '其他权力事项',
      category: 'OTHER',
      subject: { unitId: u.id, type: 'AUTHORIZED' },
    };
    const drafts = [
      { unitId: u.id, draft: full },
      { unitId: u.id, status: 'DORMANT', draft: bare },
      {
        unitId: u.id,
        draft: penaltyDraft(u, w.law.id, 2, {
          legalTimeLimitDays: null,
          externalFlow: { nodes: [], edges: [] },
        }),
      },
    ];
    const codes: string[] = (
      await t.ok(IMPORT, { i: drafts }, w.tokens.admin)
    ).importPowers.powers.map((p: { code: string }) => p.code);
    const before = await Promise.all(
      codes.map(async (c) => (await t.ok(CONTENT, { code: c }, w.tokens.admin)).power),
    );

    const file = await request(t.app)
      .get('/export/catalog.xlsx')
      .query({ unitId: u.id })
      .set('authorization', `Bearer ${w.tokens.countyReviewer}`)
      .buffer(true)
      .parse(binary)
      .expect(200)
      .expect('content-type', XLSX);
    expect(file.headers['content-disposition']).toMatch(/filename\*=UTF-8''/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '权责清单',
      '流程图',
      '裁量基准',
      '依据条文',
    ]);
    const sheet = wb.getWorksheet('权责清单')!;
    expect(sheet.getCell('A1').value).toBe('应急管理局权责清单');
    expect(sheet.getRow(3).values).toEqual([
      undefined,
      '序号',
      '事项编码',
      '事项名称',
      '事项类别',
      '实施依据',
      '实施主体',
      '主体性质',
      '委托方',
      '共同实施主体',
      '法定时限',
      '承诺时限',
      '运行状态',
      '重点事项',
      '备注',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getRow(4).getCell(5).value).toBe(
      `《${lawTitle}》第二十八条；第二十九条第一款；\n《城镇燃气管理条例》`,
    );

    // move the originals aside so the workbook can take their codes again
    await t.ds.query(`UPDATE power SET code = code || '-OLD' WHERE code = ANY($1)`, [codes]);
    const r = await upload(file.body, { unitId: u.id }, w.tokens.countyReviewer).expect(200);
    expect(r.body).toEqual({ created: 3, rows: 3, errors: [] });
    const after = await Promise.all(
      codes.map(async (c) => (await t.ok(CONTENT, { code: c }, w.tokens.admin)).power),
    );
    expect(after).toEqual(before);
  });

  it('exports a whole region on one sheet, and the catalog as it stood on a date', async () => {
    await t.ok(
      IMPORT,
      { i: [{ unitId: w.otherUnit.id, draft: penaltyDraft(w.otherUnit, w.law.id, 901) }] },
      w.tokens.admin,
    );
    const get = (query: Record<string, string>, token: string) =>
      request(t.app)
        .get('/export/catalog.xlsx')
        .query(query)
        .set('authorization', `Bearer ${token}`)
        .buffer(true)
        .parse(binary);
    const read = async (body: any) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body);
      const ws = wb.getWorksheet('权责清单')!;
      const units = new Set<string>();
      for (let i = 4; i <= ws.rowCount; i++) units.add(String(ws.getRow(i).getCell(6).value));
      return { title: ws.getCell('A1').value, rows: ws.rowCount - 3, units };
    };
    const city = await read(
      (await get({ regionId: w.city.id }, w.tokens.cityReviewer).expect(200)).body,
    );
    expect(city.title).toBe(
      `${(await t.ds.query(`SELECT name FROM region WHERE id = $1`, [w.city.id]))[0].name}权责清单`,
    );
    expect([...city.units]).toEqual(expect.arrayContaining(['市场监督管理局', '生态环境局']));
    const past = await read(
      (await get({ regionId: w.city.id, asOf: '2020-01-01' }, w.tokens.cityReviewer).expect(200))
        .body,
    );
    expect(past.rows).toBe(0);
    const other = await get({ regionId: w.city.id }, w.tokens.otherReviewer).expect(403);
    expect(JSON.parse(other.body.toString()).errors[0].extensions.code).toBe('FORBIDDEN');
    const bad = await get(
      { unitId: w.unit.id, regionId: w.city.id, asOf: '2020-02-30' },
      w.tokens.admin,
    ).expect(400);
    expect(
      JSON.parse(bad.body.toString()).errors[0].extensions.fields.map(
        (f: { path: string }) => f.path,
      ),
    ).toEqual(['unitId', 'asOf']);
  });
});
