/**
 * A synthetic province for the benchmark: regions, units, legal documents and their amendments,
 * powers with their version history, bases and status history, obligations, change requests,
 * legal-supervision records and power usage. Everything is written with set-based SQL
 * (INSERT … SELECT over generate_series and staging tables) on one connection, inside one
 * transaction; nothing goes one row at a time through the ORM.
 *
 * The data keeps every constraint and guard of the schema: versions are inserted with their
 * final `valid_to` (contiguous ranges, one open per power; the guard triggers stay on and never
 * fire, since nothing is updated), `power` carries its current version, version count, name,
 * category and status, and every history row is append-only. Deterministic for a seed, except
 * the uuids.
 *
 * Shape (defaults 1000 units × 100 powers):
 * - 1 province, 13 cities, 10 counties each; units spread over all three levels;
 * - powers across the ten categories (penalties most), coded `${unit}-${letters}-${seq4}` (0.3%
 *   with the wrong letters);
 * - 1–3 versions each. Most powers entered the catalog in 2023 (the suspension rule needs two
 *   full years of usage history before the period); later versions fall in 2025–2026, the last
 *   one open;
 * - content from a few templates, about one version in ten with a defect;
 * - 300 legal documents, about 12% amended in 2025–2026, two repealed in 2023;
 * - an obligation for about 30% of the powers (the amendment of a document they cite, or their
 *   unit's adjustment): met in time, met late, or still open;
 * - about 0.2 change requests per power: the requests that met obligations (and made the
 *   versions that followed), status changes, drafts, rejected and withdrawn requests, new powers;
 * - usage for 2024 and 2025 for most powers; a few records of each supervision kind per unit.
 */
import type { DataSource } from 'typeorm';

import { REGION_LEVELS, type RegionLevel } from '../src/common/enums';
import {
  CHART_FAMILIES,
  chartFamilyOf,
  sampleDiscretion,
  sampleExternalFlow,
  sampleInternalFlow,
} from '../src/common/sample-content';
import { InternalError } from '../src/errors';
import { CalendarService } from '../src/modules/calendar/calendar.service';
import type { WorkCalendar } from '../src/modules/calendar/work-calendar';
import type { PowerCategory } from '../src/modules/catalog/power-content';
import { dueOrNull } from '../src/modules/change/obligation.service';
import { defaultWindowPolicy, type WindowPolicy } from '../src/modules/change/window-policy';
import { DEFAULT_CODING_RULE, nextCode } from '../src/modules/flow/checks/coding-rule';

export interface GenerateOptions {
  units: number;
  powersPerUnit: number;
  seed?: number;
  /** told the time each step took */
  onStep?: (step: string, ms: number) => void;
}

export interface GeneratedProvince {
  provinceId: string;
  cityIds: string[];
  unitIds: string[];
}

const CITIES = 13;
const COUNTIES_PER_CITY = 10;
const DOCUMENTS = 300;
/** Requests that answer no obligation, in the window they name: triggered from this day on. */
const REQUESTS_FROM = '2025-12-01';
const REQUEST_DAYS = 330;

/** Category mix (per mille), time limits, and the names its powers take. */
const CATEGORIES: {
  category: PowerCategory;
  weight: number;
  legal: number | null;
  promised: number | null;
  names: string[];
}[] = [
  {
    category: 'PENALTY',
    weight: 450,
    legal: 90,
    promised: 60,
    names: [
      '对未取得许可从事食品经营的处罚',
      '对超标排放大气污染物的处罚',
      '对违规占道经营的处罚',
      '对未按规定进行安全生产教育培训的处罚',
      '对违反道路运输管理规定的处罚',
      '对擅自改变房屋建筑主体结构的处罚',
      '对生产销售不合格产品的处罚',
      '对未取得排污许可证排放污染物的处罚',
      '对未经批准进行违法建设的处罚',
      '对违反消防安全管理规定的处罚',
    ],
  },
  {
    category: 'LICENSING',
    weight: 120,
    legal: 20,
    promised: 10,
    names: [
      '食品经营许可',
      '道路运输经营许可',
      '建筑工程施工许可',
      '排污许可',
      '娱乐场所经营许可',
      '药品零售企业许可',
      '林木采伐许可',
      '取水许可',
    ],
  },
  {
    category: 'INSPECTION',
    weight: 100,
    legal: null,
    promised: null,
    names: [
      '对食品生产经营的监督检查',
      '对生产经营单位安全生产的监督检查',
      '对建筑施工现场的监督检查',
      '对重点排污单位的监督检查',
      '对特种设备使用单位的监督检查',
    ],
  },
  {
    category: 'COERCION',
    weight: 80,
    legal: null,
    promised: null,
    names: [
      '查封扣押不符合安全标准的食品',
      '查封造成严重污染的设施设备',
      '暂扣违法运输车辆',
      '扣押非法经营的财物',
      '强制拆除违法建筑物',
    ],
  },
  {
    category: 'CONFIRMATION',
    weight: 50,
    legal: 20,
    promised: 15,
    names: ['食品小作坊登记', '道路运输从业人员资格确认', '房屋权属登记', '工伤认定'],
  },
  {
    category: 'BENEFIT',
    weight: 40,
    legal: 20,
    promised: 15,
    names: [
      '发放安全生产奖补资金',
      '发放困难群众临时救助',
      '发放优抚对象抚恤金',
      '发放最低生活保障金',
    ],
  },
  {
    category: 'LEVY',
    weight: 40,
    legal: 20,
    promised: 15,
    names: ['征收城市道路占用费', '征收污水处理费', '征收水资源费', '征收城市基础设施配套费'],
  },
  {
    category: 'REWARD',
    weight: 40,
    legal: null,
    promised: null,
    names: ['对举报安全生产违法行为的奖励', '对先进集体的表彰奖励', '对举报食品安全违法行为的奖励'],
  },
  {
    category: 'ADJUDICATION',
    weight: 30,
    legal: 20,
    promised: 15,
    names: ['道路运输纠纷裁决', '林木林地权属争议裁决', '土地权属争议裁决'],
  },
  {
    category: 'OTHER',
    weight: 50,
    legal: null,
    promised: null,
    names: ['行政指导', '信用修复', '政府信息公开', '行政调解'],
  },
];

const DEPARTMENTS = [
  '市场监督管理局',
  '生态环境局',
  '交通运输局',
  '住房和城乡建设局',
  '应急管理局',
  '卫生健康委员会',
  '城市管理局',
  '自然资源和规划局',
  '农业农村局',
  '文化广电和旅游局',
  '水利局',
  '民政局',
  '人力资源和社会保障局',
  '公安局',
  '教育局',
  '商务局',
  '财政局',
  '税务局',
  '消防救援支队',
  '林业局',
];

const DOC_SUBJECTS = [
  '食品安全',
  '大气污染防治',
  '安全生产',
  '道路运输',
  '建筑市场管理',
  '消防',
  '水污染防治',
  '城乡规划',
  '药品管理',
  '特种设备安全',
  '产品质量',
  '城市市容和环境卫生',
  '土地管理',
  '森林',
  '水资源管理',
  '社会救助',
  '劳动保障监察',
  '文化市场管理',
  '旅游',
  '农产品质量安全',
  '动物防疫',
  '野生动物保护',
  '矿产资源',
  '节约能源',
  '广告',
  '价格',
  '计量',
  '标准化',
  '档案',
  '统计',
  '民办教育',
  '养老服务',
  '殡葬管理',
  '物业管理',
  '城市供水',
  '燃气管理',
  '住房租赁',
  '机动车维修',
  '河道管理',
  '防汛抗旱',
];

const LEVELS: { level: string; title: (s: string) => string; issuer: string }[] = [
  { level: 'LAW', title: (s) => `中华人民共和国${s}法`, issuer: '全国人民代表大会常务委员会' },
  { level: 'ADMINISTRATIVE_REGULATION', title: (s) => `${s}条例`, issuer: '国务院' },
  {
    level: 'LOCAL_REGULATION',
    title: (s) => `基准省${s}条例`,
    issuer: '基准省人民代表大会常务委员会',
  },
  {
    level: 'AUTONOMOUS_REGULATION',
    title: (s) => `基准自治县${s}条例`,
    issuer: '基准自治县人民代表大会',
  },
  { level: 'DEPARTMENTAL_RULE', title: (s) => `${s}管理办法`, issuer: '国务院有关部门' },
  { level: 'LOCAL_GOVERNMENT_RULE', title: (s) => `基准省${s}实施办法`, issuer: '基准省人民政府' },
  { level: 'NORMATIVE_DOCUMENT', title: (s) => `关于加强${s}工作的通知`, issuer: '基准省司法厅' },
];

/**
 * The content templates by key: `ext:<family>[:defect]`, `int:<family>[:defect]`,
 * `disc[:defect]`. Dates in them are replaced per version (see `stamp` in the version insert).
 */
function templates(): { key: string; stamp: string; body: unknown }[] {
  const out: { key: string; stamp: string; body: unknown }[] = [];
  for (const family of CHART_FAMILIES) {
    out.push({ key: `ext:${family}`, stamp: 'ext', body: sampleExternalFlow(family) });
    // no supervision points, no complaint channel
    out.push({
      key: `ext:${family}:content`,
      stamp: 'ext',
      body: { ...sampleExternalFlow(family), supervision: '', complaintChannel: null },
    });
    // a step no edge reaches (and which the internal chart does not cover)
    const graph = sampleExternalFlow(family);
    graph.nodes.push({ key: 'recheck', kind: 'STEP', label: '复核' });
    out.push({ key: `ext:${family}:graph`, stamp: 'ext', body: graph });
    out.push({ key: `int:${family}`, stamp: 'int', body: sampleInternalFlow(family) });
    const noPost = sampleInternalFlow(family);
    for (const n of noPost.nodes) if (n.kind === 'STEP') n.post = null;
    out.push({ key: `int:${family}:nopost`, stamp: 'int', body: noPost });
    out.push({
      key: `int:${family}:unfiled`,
      stamp: 'none',
      body: sampleInternalFlow(family, { filedOn: null }),
    });
    const noRisk = sampleInternalFlow(family);
    for (const n of noRisk.nodes) delete n.riskPoints;
    out.push({ key: `int:${family}:norisk`, stamp: 'int', body: noRisk });
  }
  out.push({ key: 'disc', stamp: 'disc', body: sampleDiscretion() });
  const two = sampleDiscretion();
  two.tiers = two.tiers.slice(0, 2);
  out.push({ key: 'disc:2tiers', stamp: 'disc', body: two });
  out.push({
    key: 'disc:norules',
    stamp: 'disc',
    body: { ...sampleDiscretion(), applicationRules: null },
  });
  return out;
}

/**
 * A power's code under the default coding rule (DOMAIN.md), from the rule itself. A power with
 * `wrongLetters` takes another category's letters (行政许可's for 其他, else 其他's) and a number
 * from 9000 up, 90 per category (`categoryIndex` from 1), so it stays unique.
 */
export function powerCode(p: {
  unitCode: string;
  category: PowerCategory;
  seq: number;
  categoryIndex: number;
  wrongLetters: boolean;
}): string {
  if (!p.wrongLetters) return nextCode(DEFAULT_CODING_RULE, p.unitCode, p.category, p.seq);
  const other: PowerCategory = p.category === 'OTHER' ? 'LICENSING' : 'OTHER';
  return nextCode(DEFAULT_CODING_RULE, p.unitCode, other, 9000 + p.categoryIndex * 90 + p.seq - 1);
}

/** An obligation's window for a unit of `level` and an event on `trig`, as the service opens it. */
export interface ObligationWindow extends WindowPolicy {
  level: RegionLevel;
  trig: string;
  /** null while the calendar lacks a year the window reaches (the service waits for it too) */
  dueOn: string | null;
}

/**
 * The windows of the obligations the generator opens: for each region level and event date, the
 * level's default policy and the due date counted on the working-day calendar, by the same rules
 * the obligation service uses.
 */
export function obligationWindows(cal: WorkCalendar, triggers: string[]): ObligationWindow[] {
  return REGION_LEVELS.flatMap((level) => {
    const policy = defaultWindowPolicy(level);
    return triggers.map((trig) => ({
      level,
      trig,
      ...policy,
      dueOn: dueOrNull(cal, trig, policy),
    }));
  });
}

/** Writes a synthetic province; see the file's comment for its shape. */
export async function generateProvince(
  ds: DataSource,
  opts: GenerateOptions,
): Promise<GeneratedProvince> {
  const { units, powersPerUnit } = opts;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(units) || units < 1 || units > 100_000) {
    throw new InternalError(`units must be a whole number from 1 to 100000, got ${units}`);
  }
  if (!Number.isInteger(powersPerUnit) || powersPerUnit < 1 || powersPerUnit > 9_000) {
    throw new InternalError(
      `powersPerUnit must be a whole number from 1 to 9000, got ${powersPerUnit}`,
    );
  }
  const qr = ds.createQueryRunner();
  await qr.connect();
  let stepStart = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    opts.onStep?.(name, now - stepStart);
    stepStart = now;
  };
  const q = (sql: string, params?: unknown[]) =>
    qr.query(sql, params) as Promise<Record<string, unknown>[]>;
  try {
    await qr.startTransaction();
    await q(`SET LOCAL work_mem = '128MB'`);
    await q(`SET LOCAL synchronous_commit = off`);
    // Deterministic pseudo-random numbers: h(x, salt) in 0..999, hm(x, salt, m) in 0..m-1.
    await q(`CREATE FUNCTION pg_temp.hm(x bigint, salt int, m int) RETURNS int LANGUAGE sql IMMUTABLE
      AS $$ SELECT (abs(hashint8extended(x, salt::bigint + ${seed * 7919})) % m)::int $$`);
    await q(`CREATE FUNCTION pg_temp.h(x bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE
      AS $$ SELECT (abs(hashint8extended(x, salt::bigint + ${seed * 7919})) % 1000)::int $$`);

    const result = await regionsAndUnits(q, units, seed);
    step('regions, units, users');
    await documents(q);
    step('legal documents, amendments, adjustments');
    await plan(q, powersPerUnit, await new CalendarService(ds).calendar());
    step('plan (staging tables)');
    await q(`INSERT INTO power (id, code, unit_id, status, is_key, name, category, current_version_id,
                                version_count, created_at, updated_at)
      SELECT p.id, p.code, p.unit_id, p.status, p.is_key, p.name, p.category, v.id, p.vc, p.created_at,
             greatest(v.valid_from, (SELECT max(s.at) FROM tmp_status s WHERE s.power_n = p.n))
        FROM tmp_power p JOIN tmp_version v ON v.power_n = p.n AND v.last`);
    step('power');
    await q(`INSERT INTO obligation (id, power_id, unit_id, cause, amendment_id, adjustment_id, triggered_on,
                                     due_on, policy_days, policy_count, policy_measure, met_by_id, met_on, created_at)
      SELECT o.id, o.power_id, o.unit_id, o.cause, o.amendment_id, o.adjustment_id, o.trig, o.due_on,
             o.policy_days, o.policy_count, o.policy_measure,
             CASE WHEN o.outcome <> 'OPEN' THEN o.cr_id END, o.met_on,
             (o.trig + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
        FROM tmp_obl o`);
    step('obligation');
    await q(
      `INSERT INTO change_request (id, kind, status, unit_id, power_id, reason, obligation_id, triggered_on,
               due_on, late, draft, submitted_at, decided_at, decided_by_id, decision_note, applied_version_id,
               created_by_id, created_at, updated_at, row_version)
      SELECT id, kind, status, unit_id, power_id, reason, obligation_id, triggered_on, due_on, late, draft,
             submitted_at, decided_at, CASE WHEN decided_at IS NOT NULL THEN $1::uuid END, decision_note,
             applied_version_id, $2::uuid, created_at, coalesce(decided_at, submitted_at, created_at), 1
        FROM tmp_cr`,
      [result.reviewerId, result.filerId],
    );
    step('change_request');
    await q(
      `INSERT INTO power_version (id, power_id, version_no, code, name, category, is_key, subject_unit_id,
               subject_type, entrusting_party, co_implementer_ids, legal_time_limit_days, promised_time_limit_days,
               external_flow, internal_flow, discretion, valid_from, valid_to, change_request_id, created_by_id,
               created_at)
      SELECT v.id, p.id, v.k, p.code, p.name, p.category, p.is_key, p.unit_id, p.subject_type, p.entrusting_party,
             '{}', v.legal, v.promised,
             pg_temp.stamp(te.body, te.stamp, v.valid_from), pg_temp.stamp(ti.body, ti.stamp, v.valid_from),
             pg_temp.stamp(td.body, td.stamp, v.valid_from),
             v.valid_from, v.valid_to, v.cr_id, CASE WHEN v.cr_id IS NOT NULL THEN $1::uuid END, v.valid_from
        FROM tmp_version v
        JOIN tmp_power p ON p.n = v.power_n
        LEFT JOIN tmp_tmpl te ON te.key = v.ext_key
        LEFT JOIN tmp_tmpl ti ON ti.key = v.int_key
        LEFT JOIN tmp_tmpl td ON td.key = v.disc_key
       ORDER BY v.power_n, v.k`,
      [result.reviewerId],
    );
    step('power_version');
    await q(`INSERT INTO power_version_basis (version_id, ord, document_id, articles, excerpt)
      SELECT v.id, o, d.id,
             CASE WHEN pg_temp.h(v.vn, 53) < 10 THEN '' ELSE '第' || (1 + pg_temp.hm(v.vn * 2 + o, 54, 80)) || '条' END,
             '违反本规定的，由有关主管部门责令改正，依法予以处理。'
        FROM tmp_version v
        JOIN tmp_power p ON p.n = v.power_n
        CROSS JOIN LATERAL generate_series(0, CASE WHEN pg_temp.h(v.vn, 30) < 600 THEN 0 ELSE 1 END) o
        JOIN tmp_doc d ON d.n = CASE WHEN o = 0 THEN p.d1
                                     ELSE 1 + ((p.d1 - 1) + 1 + pg_temp.hm(v.vn, 31, ${DOCUMENTS - 1})) % ${DOCUMENTS} END`);
    step('power_version_basis');
    await q(
      `INSERT INTO power_status_change (power_id, status, at, change_request_id, changed_by_id)
      SELECT p.id, s.status, s.at, s.cr_id, CASE WHEN s.cr_id IS NOT NULL THEN $1::uuid END
        FROM tmp_status s JOIN tmp_power p ON p.n = s.power_n
       ORDER BY s.power_n, s.at`,
      [result.reviewerId],
    );
    step('power_status_change');
    const written = await supervision(q);
    step(`supervision records, power usage (${written.length} tables)`);
    for (const t of [
      'tmp_power',
      'tmp_version',
      'tmp_obl',
      'tmp_cr',
      'tmp_status',
      'tmp_doc',
      'tmp_amend',
      'tmp_adj',
      'tmp_unit',
      'tmp_tmpl',
      'tmp_cat',
      'tmp_window',
    ]) {
      await q(`DROP TABLE IF EXISTS ${t}`);
    }
    await qr.commitTransaction();
    step('commit');
    return { provinceId: result.provinceId, cityIds: result.cityIds, unitIds: result.unitIds };
  } catch (e) {
    if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
    throw e;
  } finally {
    await qr.release();
  }
}

type Q = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Regions (province, cities, counties), units spread over them, and two users to sign records. */
async function regionsAndUnits(q: Q, units: number, seed: number) {
  const p2 = String(90 + (seed % 10)); // fictional province codes 90..99
  const province = `${p2}0000`;
  const taken = await q(`SELECT code FROM region WHERE code LIKE $1 LIMIT 1`, [`${p2}%`]);
  if (taken.length) {
    throw new InternalError(
      `region codes ${p2}xxxx are taken: the benchmark needs an empty database (or another seed)`,
    );
  }
  const regions: {
    code: string;
    name: string;
    level: string;
    parent: string | null;
    path: string;
  }[] = [{ code: province, name: '基准省', level: 'PROVINCE', parent: null, path: province }];
  const cities: string[] = [];
  const counties: string[] = [];
  for (let c = 1; c <= CITIES; c++) {
    const code = `${p2}${String(c).padStart(2, '0')}00`;
    cities.push(code);
    regions.push({
      code,
      name: `基准${c}市`,
      level: 'CITY',
      parent: province,
      path: `${province}/${code}`,
    });
  }
  // Counties listed round-robin over the cities, so units spread over every city.
  for (let k = 1; k <= COUNTIES_PER_CITY; k++) {
    for (let c = 1; c <= CITIES; c++) {
      const city = cities[c - 1];
      const code = `${p2}${String(c).padStart(2, '0')}${String(k).padStart(2, '0')}`;
      counties.push(code);
      regions.push({
        code,
        name: `基准${c}市第${k}区`,
        level: 'COUNTY',
        parent: city,
        path: `${province}/${city}/${code}`,
      });
    }
  }
  const ids = new Map<string, string>();
  // parents first: province, then cities, then counties
  for (const level of ['PROVINCE', 'CITY', 'COUNTY']) {
    const rows = regions.filter((r) => r.level === level);
    const inserted = await q(
      `INSERT INTO region (code, name, level, parent_id, path)
       SELECT code, name, level, parent_id, path
         FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[]) AS t(code, name, level, parent_id, path)
       RETURNING id, code`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.level),
        rows.map((r) => (r.parent ? ids.get(r.parent)! : null)),
        rows.map((r) => r.path),
      ],
    );
    for (const r of inserted) ids.set(String(r.code), String(r.id));
  }
  // Units: 5% at the province, 20% at the cities, the rest in the counties.
  const atProvince = Math.max(1, Math.round(units * 0.05));
  const atCities = Math.min(units - atProvince, Math.round(units * 0.2));
  const unitRows: { code: string; name: string; region: string; level: string }[] = [];
  const perRegion = new Map<string, number>();
  const regionName = new Map(regions.map((r) => [r.code, r.name]));
  for (let i = 0; i < units; i++) {
    const [region, level] =
      i < atProvince
        ? [province, 'PROVINCE']
        : i < atProvince + atCities
          ? [cities[(i - atProvince) % CITIES], 'CITY']
          : [counties[(i - atProvince - atCities) % counties.length], 'COUNTY'];
    const j = perRegion.get(region) ?? 0;
    perRegion.set(region, j + 1);
    const dept =
      DEPARTMENTS[j % DEPARTMENTS.length] +
      (j >= DEPARTMENTS.length ? `第${Math.floor(j / DEPARTMENTS.length) + 1}分局` : '');
    unitRows.push({
      code: `${region}${String(j + 1).padStart(3, '0')}`,
      name: `${regionName.get(region)}${dept}`,
      region,
      level,
    });
  }
  const insertedUnits = await q(
    `INSERT INTO unit (code, name, region_id)
     SELECT code, name, region_id FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS t(code, name, region_id, n)
      ORDER BY n
     RETURNING id, code`,
    [
      unitRows.map((u) => u.code),
      unitRows.map((u) => u.name),
      unitRows.map((u) => ids.get(u.region)!),
    ],
  );
  const unitId = new Map(insertedUnits.map((r) => [String(r.code), String(r.id)]));
  const unitIds = unitRows.map((u) => unitId.get(u.code)!);
  await q(
    `CREATE TEMP TABLE tmp_unit AS
    SELECT n::int, id, code, level FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS t(id, code, level, n)`,
    [unitIds, unitRows.map((u) => u.code), unitRows.map((u) => u.level)],
  );
  await q(`ANALYZE tmp_unit`);
  const users = await q(
    `INSERT INTO app_user (username, password_hash, role, unit_id, region_id)
     VALUES ($1, 'bench: no login', 'LEGAL_REVIEWER', NULL, $2), ($3, 'bench: no login', 'UNIT_LEGAL', $4, NULL)
     RETURNING id, role`,
    [`bench_reviewer_${province}`, ids.get(province), `bench_filer_${province}`, unitIds[0]],
  );
  return {
    provinceId: ids.get(province)!,
    cityIds: cities.map((c) => ids.get(c)!),
    unitIds,
    reviewerId: String(users.find((u) => u.role === 'LEGAL_REVIEWER')!.id),
    filerId: String(users.find((u) => u.role === 'UNIT_LEGAL')!.id),
  };
}

/** Legal documents, their amendments (15%, in 2025–2026), two repealed in 2023; unit adjustments. */
async function documents(q: Q) {
  const titles: string[] = [];
  const levels: string[] = [];
  const issuers: string[] = [];
  for (let n = 1; n <= DOCUMENTS; n++) {
    const subject = DOC_SUBJECTS[(n - 1) % DOC_SUBJECTS.length];
    const round = Math.floor((n - 1) / DOC_SUBJECTS.length);
    const l = LEVELS[round % LEVELS.length];
    titles.push(l.title(subject) + (round >= LEVELS.length ? `（${2010 + round}年修订）` : ''));
    levels.push(l.level);
    issuers.push(l.issuer);
  }
  await q(
    `CREATE TEMP TABLE tmp_doc AS
     WITH ins AS (
       INSERT INTO legal_document (title, issuer, level, promulgated_on, effective_on, repealed_on)
       SELECT title, issuer, level, date '2010-01-01' + pg_temp.hm(n, 1, 4700),
              date '2010-01-01' + pg_temp.hm(n, 1, 4700) + 30,
              CASE WHEN n IN (7, 150) THEN date '2023-12-31' END
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(title, issuer, level, n)
       RETURNING id, title)
     SELECT t.n::int, ins.id, ins.title
       FROM ins JOIN unnest($1::text[]) WITH ORDINALITY AS t(title, n) ON t.title = ins.title`,
    [titles, issuers, levels],
  );
  await q(`ANALYZE tmp_doc`);
  await q(`CREATE TEMP TABLE tmp_amend AS
    WITH ins AS (
      INSERT INTO legal_amendment (document_id, amended_on, repeal, note, created_at)
      SELECT d.id, date '2025-01-10' + pg_temp.hm(d.n, 21, 700), false, '修改部分条款',
             (date '2025-01-10' + pg_temp.hm(d.n, 21, 700))::timestamp AT TIME ZONE 'Asia/Shanghai'
        FROM tmp_doc d WHERE pg_temp.h(d.n, 20) < 150 AND d.n NOT IN (7, 150)
      RETURNING id, document_id, amended_on, note)
    SELECT d.n AS doc_n, ins.id, ins.amended_on, ins.note, d.title FROM ins JOIN tmp_doc d ON d.id = ins.document_id`);
  await q(`ANALYZE tmp_amend`);
  // 40% of the units had their functions adjusted once in 2025–2026.
  await q(`CREATE TEMP TABLE tmp_adj AS
    WITH ins AS (
      INSERT INTO unit_adjustment (unit_id, decided_on, note, created_at)
      SELECT u.id, date '2025-01-15' + pg_temp.hm(u.n, 22, 680), '机构职能调整：部分职责划入或划出',
             (date '2025-01-15' + pg_temp.hm(u.n, 22, 680))::timestamp AT TIME ZONE 'Asia/Shanghai'
        FROM tmp_unit u WHERE pg_temp.h(u.n, 23) < 400
      RETURNING id, unit_id, decided_on, note)
    SELECT u.n AS unit_n, ins.id, ins.decided_on, ins.note, un.name AS unit_name
      FROM ins JOIN tmp_unit u ON u.id = ins.unit_id JOIN unit un ON un.id = ins.unit_id`);
  await q(`ANALYZE tmp_adj`);
}

/**
 * The staging tables every insert reads: powers, obligations (and the requests that met them),
 * versions, status history, change requests, content templates, the working-day calendar.
 */
async function plan(q: Q, ppu: number, cal: WorkCalendar) {
  // The obligations' windows: for each level and each date an amendment or adjustment falls
  // on, the default policy and the due date the service would give (see obligationWindows).
  const triggers = await q(
    `SELECT amended_on::text AS d FROM tmp_amend UNION SELECT decided_on::text FROM tmp_adj
      UNION SELECT (date '${REQUESTS_FROM}' + i)::text FROM generate_series(0, ${REQUEST_DAYS - 1}) i`,
  );
  const windows = obligationWindows(
    cal,
    triggers.map((r) => String(r.d)),
  );
  await q(
    `CREATE TEMP TABLE tmp_window AS
     SELECT * FROM unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[], $6::date[])
       AS t(level, trig, policy_days, policy_count, policy_measure, due_on)`,
    [
      windows.map((w) => w.level),
      windows.map((w) => w.trig),
      windows.map((w) => w.days),
      windows.map((w) => w.count),
      windows.map((w) => w.measure),
      windows.map((w) => w.dueOn),
    ],
  );
  await q(`ANALYZE tmp_window`);

  const cats = CATEGORIES;
  let lo = 0;
  const bounds = cats.map((c) => {
    const b = { lo, hi: lo + c.weight - 1 };
    lo += c.weight;
    return b;
  });
  await q(
    `CREATE TEMP TABLE tmp_cat AS
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::jsonb[])
       WITH ORDINALITY AS t(category, family, lo, hi, legal, promised, names, idx)`,
    [
      cats.map((c) => c.category),
      cats.map((c) => chartFamilyOf(c.category)),
      bounds.map((b) => b.lo),
      bounds.map((b) => b.hi),
      cats.map((c) => c.legal),
      cats.map((c) => c.promised),
      cats.map((c) => JSON.stringify(c.names)),
    ],
  );
  const tmpl = templates();
  await q(
    `CREATE TEMP TABLE tmp_tmpl AS SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) AS t(key, stamp, body)`,
    [tmpl.map((t) => t.key), tmpl.map((t) => t.stamp), tmpl.map((t) => JSON.stringify(t.body))],
  );
  // A template with the version's date as its approval / filing / adjustment date.
  await q(`CREATE FUNCTION pg_temp.stamp(body jsonb, kind text, at timestamptz) RETURNS jsonb LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE kind
      WHEN 'ext' THEN body || jsonb_build_object('approvedOn', to_char(at AT TIME ZONE 'Asia/Shanghai' - interval '3 days', 'YYYY-MM-DD'),
                                                 'publishedOn', to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'))
      WHEN 'int' THEN body || jsonb_build_object('filedOn', to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'))
      WHEN 'disc' THEN body || jsonb_build_object('filedOn', to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
                                                  'adjustedOn', to_char(at AT TIME ZONE 'Asia/Shanghai' - interval '5 days', 'YYYY-MM-DD'))
      ELSE body END $$`);

  // Powers: category by weight, a sequence per unit and category, the code of the default rule
  // (0.3% with the letters of another category, see powerCode); a name from the category's list (1% repeat the name of the unit's previous power of the
  // category); final status; 85% entered the catalog in 2023, the rest in the first half of 2025.
  await q(`CREATE TEMP TABLE tmp_power AS
    WITH base AS (
      SELECT (u.n - 1) * ${ppu} + s AS n, u.n AS unit_n, u.id AS unit_id, u.code AS unit_code, u.level AS unit_level, s
        FROM tmp_unit u CROSS JOIN generate_series(1, ${ppu}) s),
    cat AS (
      SELECT b.*, c.category, c.family, c.legal, c.promised, c.names, c.idx AS cat_idx,
             row_number() OVER (PARTITION BY b.unit_n, c.category ORDER BY b.s) AS seq
        FROM base b JOIN tmp_cat c ON pg_temp.h(b.n, 1) BETWEEN c.lo AND c.hi),
    named AS (
      SELECT c.*, CASE WHEN pg_temp.h(n, 7) < 10 AND seq > 1 THEN seq - 1 ELSE seq END AS name_seq FROM cat c)
    SELECT n, gen_random_uuid() AS id, unit_n, unit_id, unit_code, unit_level, category, family, legal, promised, seq,
           pg_temp.h(n, 17) < 3 AND seq <= 90 AS wrong_letters, cat_idx, NULL::text AS code,
           (names ->> ((name_seq - 1) % jsonb_array_length(names))::int)
             || CASE WHEN name_seq > jsonb_array_length(names)
                     THEN '（' || ((name_seq - 1) / jsonb_array_length(names) + 1) || '）' ELSE '' END AS name,
           CASE WHEN pg_temp.h(n, 5) < 950 THEN 'ACTIVE' WHEN pg_temp.h(n, 5) < 975 THEN 'DORMANT'
                WHEN pg_temp.h(n, 5) < 985 THEN 'SUSPENDED' ELSE 'CANCELLED' END AS status,
           pg_temp.h(n, 52) < 80 AS is_key,
           date_trunc('milliseconds', CASE WHEN pg_temp.h(n, 2) < 850
             THEN timestamptz '2023-01-03 09:00:00+08' + make_interval(days => pg_temp.hm(n, 3, 360), secs => pg_temp.hm(n, 4, 28800))
             ELSE timestamptz '2025-01-06 09:00:00+08' + make_interval(days => pg_temp.hm(n, 3, 170), secs => pg_temp.hm(n, 4, 28800))
           END) AS created_at,
           CASE WHEN pg_temp.h(n, 15) < 500 THEN 1 WHEN pg_temp.h(n, 15) < 850 THEN 2 ELSE 3 END AS vc0,
           1 + pg_temp.hm(n, 16, ${DOCUMENTS}) AS d1,
           CASE WHEN pg_temp.h(n, 51) < 930 THEN 'STATUTORY' WHEN pg_temp.h(n, 51) < 975 THEN 'AUTHORIZED' ELSE 'ENTRUSTED' END AS subject_type,
           CASE WHEN pg_temp.h(n, 51) >= 975 AND pg_temp.h(n, 51) < 995 THEN '基准省人民政府' END AS entrusting_party
      FROM named`);
  await q(`CREATE UNIQUE INDEX ON tmp_power (n)`);
  // The codes, by the coding rule itself (see powerCode).
  const coded = await q(
    `SELECT n, unit_code, category, seq, cat_idx, wrong_letters FROM tmp_power ORDER BY n`,
  );
  await q(
    `UPDATE tmp_power p SET code = t.code FROM unnest($1::int[], $2::text[]) AS t(n, code) WHERE p.n = t.n`,
    [
      coded.map((r) => Number(r.n)),
      coded.map((r) =>
        powerCode({
          unitCode: String(r.unit_code),
          category: r.category as PowerCategory,
          seq: Number(r.seq),
          categoryIndex: Number(r.cat_idx),
          wrongLetters: r.wrong_letters === true,
        }),
      ),
    ],
  );
  await q(`ANALYZE tmp_power`);

  // Obligations: the amendment of the document a power cites first (after it entered the
  // catalog), else for half of an adjusted unit's powers its adjustment. Due per the unit's
  // level: the province files within 10 working days, cities and counties complete within 30
  // calendar days (moved to the next working day). 30% met in time, 14% late, the rest open.
  await q(`CREATE TEMP TABLE tmp_obl AS
    WITH cand AS (
      SELECT DISTINCT ON (p.n) p.n, p.id AS power_id, p.unit_id, p.unit_level, e.amendment_id, e.adjustment_id, e.trig, e.cause
        FROM tmp_power p
        CROSS JOIN LATERAL (
          SELECT a.id AS amendment_id, NULL::uuid AS adjustment_id, a.amended_on AS trig, 0 AS pref,
                 '《' || a.title || '》于 ' || a.amended_on || ' 修改：' || a.note AS cause
            FROM tmp_amend a WHERE a.doc_n = p.d1
          UNION ALL
          SELECT NULL, j.id, j.decided_on, 1, j.unit_name || '于 ' || j.decided_on || ' 职能调整：' || j.note
            FROM tmp_adj j WHERE j.unit_n = p.unit_n AND pg_temp.h(p.n, 40) < 500) e
       WHERE e.trig > (p.created_at AT TIME ZONE 'Asia/Shanghai')::date
       ORDER BY p.n, e.pref),
    due AS (
      SELECT c.*, gen_random_uuid() AS id, gen_random_uuid() AS cr_id,
             w.policy_days, w.policy_count, w.policy_measure, w.due_on,
             -- a window the calendar cannot count yet has no due date: it stays open
             CASE WHEN w.due_on IS NULL THEN 'OPEN' WHEN pg_temp.h(c.n, 41) < 300 THEN 'ONTIME'
                  WHEN pg_temp.h(c.n, 41) < 440 THEN 'LATE' ELSE 'OPEN' END AS outcome
        FROM cand c
        JOIN tmp_window w ON w.level = c.unit_level AND w.trig = c.trig),
    dated AS (
      SELECT d.*,
             CASE WHEN outcome = 'OPEN' THEN NULL
                  WHEN policy_measure = 'FILED' AND outcome = 'ONTIME' THEN trig + 1 + pg_temp.hm(n, 42, 8)
                  WHEN policy_measure = 'FILED' THEN due_on + 1 + pg_temp.hm(n, 42, 20)
                  WHEN outcome = 'ONTIME' THEN trig + 1 + pg_temp.hm(n, 42, 12)
                  ELSE due_on + 1 + pg_temp.hm(n, 43, 40) - (1 + pg_temp.hm(n, 42, 10)) END AS sub_on,
             CASE WHEN outcome = 'OPEN' THEN NULL
                  WHEN policy_measure = 'FILED' AND pg_temp.h(n, 44) >= 850 THEN NULL
                  WHEN policy_measure = 'FILED' AND outcome = 'ONTIME' THEN trig + 1 + pg_temp.hm(n, 42, 8) + 3 + pg_temp.hm(n, 43, 12)
                  WHEN policy_measure = 'FILED' THEN due_on + 1 + pg_temp.hm(n, 42, 20) + 3 + pg_temp.hm(n, 43, 12)
                  WHEN outcome = 'ONTIME' THEN trig + 1 + pg_temp.hm(n, 42, 12) + 1 + pg_temp.hm(n, 43, 10)
                  ELSE due_on + 1 + pg_temp.hm(n, 43, 40) END AS dec_on
        FROM due d)
    SELECT x.*,
           CASE WHEN policy_measure = 'FILED' THEN sub_on ELSE dec_on END AS met_on,
           (sub_on::timestamp + interval '10 hours' + make_interval(secs => pg_temp.hm(n, 45, 20000))) AT TIME ZONE 'Asia/Shanghai' AS submitted_at,
           date_trunc('milliseconds', (dec_on::timestamp + interval '15 hours' + make_interval(secs => pg_temp.hm(n, 46, 7000))) AT TIME ZONE 'Asia/Shanghai') AS decided_at
      FROM dated x`);
  await q(`CREATE UNIQUE INDEX ON tmp_obl (n)`);
  await q(`ANALYZE tmp_obl`);

  // Versions: the first when the power entered the catalog; the last, when a request met an
  // obligation, at its approval; otherwise later versions in 2025 and 2026. Contiguous, the last
  // open. Content templates by a per-version draw: about one version in ten has a defect.
  await q(`CREATE TEMP TABLE tmp_version AS
    WITH starts AS (
      SELECT p.n, p.family, p.category, p.legal, p.promised, p.created_at AS c, o.cr_id AS met_cr, o.decided_at AS d,
             CASE WHEN o.decided_at IS NOT NULL THEN greatest(p.vc0, 2) ELSE p.vc0 END AS vc,
             greatest(p.created_at + interval '20 days',
                      timestamptz '2025-02-01 10:00:00+08' + make_interval(days => pg_temp.hm(p.n, 8, 300), secs => pg_temp.hm(p.n, 9, 25000))) AS m2,
             timestamptz '2026-01-15 10:00:00+08' + make_interval(days => pg_temp.hm(p.n, 10, 300), secs => pg_temp.hm(p.n, 9, 25000)) AS m3
        FROM tmp_power p LEFT JOIN tmp_obl o ON o.n = p.n AND o.decided_at IS NOT NULL),
    arr AS (
      SELECT s.*, CASE
               WHEN d IS NOT NULL AND vc = 2 THEN ARRAY[c, d]
               WHEN d IS NOT NULL THEN ARRAY[c, date_trunc('milliseconds', c + (d - c) / 2), d]
               WHEN vc = 1 THEN ARRAY[c]
               WHEN vc = 2 THEN ARRAY[c, date_trunc('milliseconds', m2)]
               ELSE ARRAY[c, date_trunc('milliseconds', m2), date_trunc('milliseconds', m3)] END AS starts
        FROM starts s),
    v AS (
      SELECT a.n AS power_n, k, a.n * 4 + k AS vn, a.vc, a.family, a.category, a.legal AS legal0, a.promised AS promised0,
             a.starts[k] AS valid_from, a.starts[k + 1] AS valid_to, k = a.vc AS last,
             CASE WHEN k = a.vc AND a.d IS NOT NULL THEN a.met_cr END AS cr_id
        FROM arr a CROSS JOIN LATERAL generate_series(1, a.vc) k)
    SELECT gen_random_uuid() AS id, v.*,
           CASE WHEN pg_temp.h(vn, 50) < 20 THEN NULL
                WHEN pg_temp.h(vn, 50) < 30 THEN 'ext:' || family || ':content'
                WHEN pg_temp.h(vn, 50) < 40 THEN 'ext:' || family || ':graph'
                ELSE 'ext:' || family END AS ext_key,
           CASE WHEN pg_temp.h(vn, 50) BETWEEN 40 AND 59 THEN 'int:' || family || ':nopost'
                WHEN pg_temp.h(vn, 50) BETWEEN 60 AND 74 THEN 'int:' || family || ':unfiled'
                WHEN pg_temp.h(vn, 50) BETWEEN 75 AND 84 THEN NULL
                WHEN pg_temp.h(vn, 50) BETWEEN 85 AND 99 THEN 'int:' || family || ':norisk'
                ELSE 'int:' || family END AS int_key,
           CASE WHEN category <> 'PENALTY' THEN NULL
                WHEN pg_temp.h(vn, 50) BETWEEN 100 AND 129 THEN 'disc:2tiers'
                WHEN pg_temp.h(vn, 50) BETWEEN 130 AND 139 THEN NULL
                WHEN pg_temp.h(vn, 50) BETWEEN 140 AND 149 THEN 'disc:norules'
                ELSE 'disc' END AS disc_key,
           CASE WHEN legal0 IS NOT NULL AND pg_temp.h(vn, 55) < 10 THEN NULL ELSE legal0 END AS legal,
           CASE WHEN legal0 IS NOT NULL AND pg_temp.h(vn, 55) BETWEEN 10 AND 14 THEN legal0 + 5 ELSE promised0 END AS promised
      FROM v`);
  await q(`CREATE INDEX ON tmp_version (power_n)`);
  await q(`CREATE INDEX ON tmp_version (cr_id)`);
  await q(`ANALYZE tmp_version`);
  await q(`ALTER TABLE tmp_power ADD COLUMN vc int`);
  await q(`UPDATE tmp_power p SET vc = v.k FROM tmp_version v WHERE v.power_n = p.n AND v.last`);

  // Status history: ACTIVE when the power entered the catalog; a dormant, suspended or
  // cancelled power changed once in 2025–2026 (85% by an approved request, the rest without
  // one); 0.5% of the active powers were dormant for a while and activated again.
  await q(`CREATE TEMP TABLE tmp_status AS
    SELECT n AS power_n, 'ACTIVE'::text AS status, created_at AS at, NULL::uuid AS cr_id, NULL::text AS kind FROM tmp_power
    UNION ALL
    SELECT n, status,
           date_trunc('milliseconds', greatest(created_at + interval '30 days',
             timestamptz '2025-03-01 10:00:00+08' + make_interval(days => pg_temp.hm(n, 11, 600), secs => pg_temp.hm(n, 12, 25000)))),
           CASE WHEN pg_temp.h(n, 12) < 850 THEN gen_random_uuid() END,
           CASE status WHEN 'DORMANT' THEN 'DORMANT' WHEN 'SUSPENDED' THEN 'SUSPEND' ELSE 'CANCEL' END
      FROM tmp_power WHERE status <> 'ACTIVE'
    UNION ALL
    SELECT n, x.status, x.at, gen_random_uuid(), x.kind
      FROM tmp_power p
      CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', greatest(p.created_at + interval '30 days',
                                   timestamptz '2025-04-01 10:00:00+08' + make_interval(days => pg_temp.hm(p.n, 13, 300)))) AS t1) t
      CROSS JOIN LATERAL (VALUES ('DORMANT', t.t1, 'DORMANT'),
                                 ('ACTIVE', t.t1 + make_interval(days => 30 + pg_temp.hm(p.n, 14, 200)), 'ACTIVATE')) x(status, at, kind)
     WHERE p.status = 'ACTIVE' AND pg_temp.h(p.n, 6) < 5`);
  await q(`CREATE INDEX ON tmp_status (power_n, at)`);
  await q(`ANALYZE tmp_status`);

  // Change requests: those that met obligations, status changes, and a few of every other kind.
  await q(`CREATE TEMP TABLE tmp_cr AS
    SELECT o.cr_id AS id, 'MODIFY'::text AS kind,
           CASE WHEN o.decided_at IS NOT NULL THEN 'APPROVED' ELSE 'SUBMITTED' END AS status,
           o.unit_id, o.power_id, '按规定变更：' || o.cause AS reason, o.id AS obligation_id, o.trig AS triggered_on,
           o.due_on, o.met_on > o.due_on AS late, jsonb_build_object('name', p.name) AS draft,
           o.submitted_at, o.decided_at,
           CASE WHEN o.decided_at IS NOT NULL THEN '同意变更' END AS decision_note,
           v.id AS applied_version_id, o.submitted_at - interval '1 day' AS created_at
      FROM tmp_obl o JOIN tmp_power p ON p.n = o.n LEFT JOIN tmp_version v ON v.cr_id = o.cr_id
     WHERE o.outcome <> 'OPEN'
    UNION ALL
    SELECT gen_random_uuid(), 'MODIFY', 'DRAFT', o.unit_id, o.power_id, '按规定变更（草稿）：' || o.cause, o.id, o.trig,
           o.due_on, false, jsonb_build_object('name', p.name), NULL, NULL, NULL, NULL,
           (o.trig + 2)::timestamp AT TIME ZONE 'Asia/Shanghai'
      FROM tmp_obl o JOIN tmp_power p ON p.n = o.n
     WHERE o.outcome = 'OPEN' AND pg_temp.h(o.n, 47) < 30
    UNION ALL
    SELECT s.cr_id, s.kind, 'APPROVED', p.unit_id, p.id,
           CASE s.kind WHEN 'DORMANT' THEN '连续无办件，申请休眠' WHEN 'ACTIVATE' THEN '恢复办理，申请激活'
                       WHEN 'SUSPEND' THEN '长期未使用，申请挂起' ELSE '职能划出，申请取消' END,
           NULL, NULL, NULL, false, NULL, s.at - interval '5 days', s.at, '同意', NULL, s.at - interval '6 days'
      FROM tmp_status s JOIN tmp_power p ON p.n = s.power_n WHERE s.cr_id IS NOT NULL
    UNION ALL
    SELECT gen_random_uuid(), 'MODIFY', x.status, p.unit_id, p.id, x.reason, NULL, NULL, NULL, false,
           jsonb_build_object('name', p.name || '（修订）'), x.sub, x.dec, x.note, NULL,
           coalesce(x.sub, x.t) - interval '1 day'
      FROM tmp_power p
      CROSS JOIN LATERAL (SELECT timestamptz '2025-06-01 10:00:00+08' + make_interval(days => pg_temp.hm(p.n, 48, 550)) AS t) t
      CROSS JOIN LATERAL (SELECT
          CASE WHEN pg_temp.h(p.n, 49) < 10 THEN 'DRAFT' WHEN pg_temp.h(p.n, 49) < 13 THEN 'REJECTED' ELSE 'WITHDRAWN' END AS status,
          CASE WHEN pg_temp.h(p.n, 49) < 10 THEN '完善事项名称' ELSE '调整事项要素' END AS reason,
          CASE WHEN pg_temp.h(p.n, 49) >= 10 THEN t.t END AS sub,
          CASE WHEN pg_temp.h(p.n, 49) BETWEEN 10 AND 12 THEN t.t + interval '7 days' END AS dec,
          CASE WHEN pg_temp.h(p.n, 49) BETWEEN 10 AND 12 THEN '依据不充分，不予同意' END AS note, t.t) x
     WHERE pg_temp.h(p.n, 49) < 15
    UNION ALL
    SELECT gen_random_uuid(), 'MODIFY', CASE WHEN pg_temp.h(p.n, 57) < 500 THEN 'SUBMITTED' ELSE 'REJECTED' END,
           p.unit_id, p.id, '依据调整，申请变更', NULL, x.trig, w.due_on,
           -- late as the service marks it when filed: a window measured by filing, filed after it
           w.policy_measure = 'FILED' AND (x.sub AT TIME ZONE 'Asia/Shanghai')::date > w.due_on,
           jsonb_build_object('name', p.name), x.sub,
           CASE WHEN pg_temp.h(p.n, 57) >= 500 THEN x.sub + interval '10 days' END,
           CASE WHEN pg_temp.h(p.n, 57) >= 500 THEN '材料不全，不予同意' END, NULL, x.sub - interval '1 day'
      FROM tmp_power p
      CROSS JOIN LATERAL (SELECT date '${REQUESTS_FROM}' + pg_temp.hm(p.n, 59, ${REQUEST_DAYS}) AS trig) t
      JOIN tmp_window w ON w.level = p.unit_level AND w.trig = t.trig
      CROSS JOIN LATERAL (SELECT t.trig,
          (CASE WHEN w.due_on IS NULL THEN t.trig + 1 + pg_temp.hm(p.n, 60, 20)
                WHEN pg_temp.h(p.n, 58) < 500 THEN w.due_on + 1 + pg_temp.hm(p.n, 60, 30)
                ELSE t.trig + 1 + pg_temp.hm(p.n, 60, w.due_on - t.trig) END)::timestamp
            AT TIME ZONE 'Asia/Shanghai' + interval '10 hours' AS sub) x
     WHERE pg_temp.h(p.n, 56) < 3
    UNION ALL
    SELECT gen_random_uuid(), 'ADD', (ARRAY['DRAFT', 'SUBMITTED', 'REJECTED'])[1 + pg_temp.hm(u.n, 61, 3)], u.id, NULL,
           '新增权力事项', NULL, NULL, NULL, false,
           jsonb_build_object('code', u.code || '-QT-9999', 'name', '新增其他行政权力事项', 'category', 'OTHER'),
           CASE WHEN pg_temp.hm(u.n, 61, 3) > 0 THEN x.t END, CASE WHEN pg_temp.hm(u.n, 61, 3) = 2 THEN x.t + interval '5 days' END,
           CASE WHEN pg_temp.hm(u.n, 61, 3) = 2 THEN '与已有事项重复' END, NULL, x.t - interval '1 day'
      FROM tmp_unit u
      CROSS JOIN LATERAL (SELECT timestamptz '2026-02-01 10:00:00+08' + make_interval(days => pg_temp.hm(u.n, 62, 300)) AS t) x`);
  await q(`ANALYZE tmp_cr`);
}

/** Which columns a table has (the supervision tables come from another migration). */
async function columnsOf(
  q: Q,
  table: string,
): Promise<Map<string, { nullable: boolean; hasDefault: boolean }>> {
  const rows = await q(
    `SELECT column_name, is_nullable = 'YES' AS nullable, column_default IS NOT NULL AS has_default
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return new Map(
    rows.map((r) => [
      String(r.column_name),
      { nullable: !!r.nullable, hasDefault: !!r.has_default },
    ]),
  );
}

/**
 * Inserts `select` (a SELECT whose output columns are named) into `table`, keeping only the
 * columns the table has; a required column the SELECT does not give is an error that names it.
 */
async function insertKnown(
  q: Q,
  table: string,
  select: string,
  params?: unknown[],
): Promise<boolean> {
  const cols = await columnsOf(q, table);
  if (!cols.size) return false;
  await q(`CREATE TEMP TABLE tmp_sup AS ${select}`, params);
  const given = (
    await q(
      `SELECT attname FROM pg_attribute WHERE attrelid = 'pg_temp.tmp_sup'::regclass AND attnum > 0 AND NOT attisdropped`,
    )
  ).map((r) => String(r.attname));
  const use = given.filter((c) => cols.has(c) && !(c === 'id' && cols.get(c)!.hasDefault));
  const missing = [...cols]
    .filter(([c, m]) => !m.nullable && !m.hasDefault && !use.includes(c))
    .map(([c]) => c);
  if (missing.length) {
    await q(`DROP TABLE tmp_sup`);
    throw new InternalError(
      `bench/generate.ts does not fill ${table}.${missing.join(', ')}: update it to the new schema`,
    );
  }
  const list = use.map((c) => `"${c}"`).join(', ');
  await q(`INSERT INTO "${table}" (${list}) SELECT ${list} FROM tmp_sup`);
  await q(`DROP TABLE tmp_sup`);
  return true;
}

/** Per unit, `k` rows numbered 1..k: a FROM item for the supervision records. */
const perUnit = (salt: number, min: number, spread: number) =>
  `tmp_unit u CROSS JOIN LATERAL generate_series(1, ${min} + pg_temp.hm(u.n, ${salt}, ${spread})) i`;

/**
 * Power usage for 2024 and 2025 (most powers, recorded the following January with the status the
 * power had then; 6% of the years with no case), and a few legal-supervision records of each kind
 * per unit, most of them in order, some late, missing or not done online. Tables the database
 * does not have are skipped (see `insertKnown`); returns the ones written.
 */
async function supervision(q: Q): Promise<string[]> {
  const written: string[] = [];
  const put = async (table: string, select: string) => {
    if (await insertKnown(q, table, select)) written.push(table);
  };
  await put(
    'power_usage',
    `SELECT p.id AS power_id, p.unit_id, y AS year,
            CASE WHEN pg_temp.h(p.n * 10 + y, 71) < 60 THEN 0 ELSE 1 + pg_temp.hm(p.n * 10 + y, 72, 300) END AS cases,
            r.at AS recorded_at, coalesce(st.status, 'ACTIVE') AS status_at_record, r.at AS created_at
       FROM tmp_power p
       CROSS JOIN generate_series(2024, 2025) y
       CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', make_timestamptz(y + 1, 1, 5, 10, 0, 0, 'Asia/Shanghai')
                                  + make_interval(days => pg_temp.hm(p.n * 10 + y, 73, 20))) AS at) r
       LEFT JOIN LATERAL (SELECT s.status FROM tmp_status s WHERE s.power_n = p.n AND s.at < r.at ORDER BY s.at DESC LIMIT 1) st ON true
      WHERE pg_temp.h(p.n, 70) >= 80 AND make_timestamptz(y, 12, 31, 0, 0, 0, 'Asia/Shanghai') > p.created_at`,
  );
  // 规范性文件: 1–3 per unit over 2025–2026, 10% not handled online.
  await put(
    'normative_document',
    `SELECT u.id AS unit_id, '关于规范' || u.code || '行政执法工作的通知（第' || i || '号）' AS title,
            x.d - 60 AS planned_on, x.d - 30 AS drafted_on, x.d AS published_on, x.d + 20 AS filed_on,
            pg_temp.h(u.n * 10 + i, 81) >= 100 AS handled_online, x.d::timestamp AT TIME ZONE 'Asia/Shanghai' AS created_at
       FROM ${perUnit(80, 1, 3)}
       CROSS JOIN LATERAL (SELECT date '2025-02-01' + pg_temp.hm(u.n * 10 + i, 82, 680) AS d) x`,
  );
  // 执法人员: 2–5 personnel changes per unit; 10% updated late, 5% never, 8% not via the platform.
  await put(
    'enforcement_officer',
    `SELECT u.id AS unit_id, '执法人员' || u.code || '-' || i AS name, 'ZF' || u.code || lpad(i::text, 3, '0') AS certificate_no,
            (ARRAY['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'TRANSFERRED', 'RETIRED', 'REVOKED', 'ACTIVE'])
              [1 + pg_temp.hm(u.n * 10 + i, 106, 10)] AS status,
            x.d AS changed_on,
            CASE WHEN pg_temp.h(u.n * 10 + i, 84) < 50 THEN NULL
                 WHEN pg_temp.h(u.n * 10 + i, 84) < 150 THEN x.d + 31 + pg_temp.hm(u.n * 10 + i, 85, 60)
                 ELSE x.d + 1 + pg_temp.hm(u.n * 10 + i, 85, 25) END AS updated_on,
            pg_temp.h(u.n * 10 + i, 86) >= 80 AS via_platform, x.d::timestamp AT TIME ZONE 'Asia/Shanghai' AS created_at
       FROM ${perUnit(83, 2, 4)}
       CROSS JOIN LATERAL (SELECT date '2025-01-10' + pg_temp.hm(u.n * 10 + i, 87, 700) AS d) x`,
  );
  // 重大行政处罚备案: 1–4 per unit; 5% not filed, 10% filed late, 8% not in the required form.
  await put(
    'major_penalty_filing',
    `SELECT u.id AS unit_id, '重大行政处罚案件' || u.code || '-' || i AS case_name, x.d AS decided_on,
            CASE WHEN pg_temp.h(u.n * 10 + i, 89) < 50 THEN NULL
                 WHEN pg_temp.h(u.n * 10 + i, 89) < 150 THEN x.d + 16 + pg_temp.hm(u.n * 10 + i, 90, 30)
                 ELSE x.d + 1 + pg_temp.hm(u.n * 10 + i, 90, 14) END AS filed_on,
            pg_temp.h(u.n * 10 + i, 91) >= 80 AS form_compliant, x.d::timestamp AT TIME ZONE 'Asia/Shanghai' AS created_at
       FROM ${perUnit(88, 1, 4)}
       CROSS JOIN LATERAL (SELECT date '2025-01-10' + pg_temp.hm(u.n * 10 + i, 92, 700) AS d) x`,
  );
  // 行政执法情况报告: 2025 half-year and annual, 2026 half-year; 5% never sent, 10% late.
  await put(
    'enforcement_report',
    `SELECT u.id AS unit_id, r.year, r.period,
            CASE WHEN pg_temp.h(u.n * 10 + r.k, 94) < 100 THEN r.due + 1 + pg_temp.hm(u.n * 10 + r.k, 95, 30)
                 ELSE r.due - pg_temp.hm(u.n * 10 + r.k, 95, 20) END AS submitted_on,
            r.due::timestamp AT TIME ZONE 'Asia/Shanghai' AS created_at
       FROM tmp_unit u
       CROSS JOIN (VALUES (1, 2025, 'HALF_YEAR', date '2025-07-31'), (2, 2025, 'ANNUAL', date '2026-01-31'),
                          (3, 2026, 'HALF_YEAR', date '2026-07-31')) r(k, year, period, due)
      WHERE pg_temp.h(u.n * 10 + r.k, 93) >= 50`,
  );
  // 督办案件: 0–2 per unit; 10% answered late, 5% not answered.
  await put(
    'supervised_case',
    `SELECT u.id AS unit_id, '督办案件' || u.code || '-' || i AS title, x.d - 30 AS issued_on, x.d AS due_on,
            CASE WHEN pg_temp.h(u.n * 10 + i, 97) < 50 THEN NULL
                 WHEN pg_temp.h(u.n * 10 + i, 97) < 150 THEN x.d + 1 + pg_temp.hm(u.n * 10 + i, 98, 30)
                 ELSE x.d - pg_temp.hm(u.n * 10 + i, 98, 20) END AS answered_on,
            (x.d - 30)::timestamp AT TIME ZONE 'Asia/Shanghai' AS created_at
       FROM tmp_unit u CROSS JOIN LATERAL generate_series(1, pg_temp.hm(u.n, 96, 3)) i
       CROSS JOIN LATERAL (SELECT date '2025-02-01' + pg_temp.hm(u.n * 10 + i, 99, 680) AS d) x`,
  );
  // 行政复议、应诉: 0–3 per unit; 8% not handled online, 10% with no report.
  await put(
    'reconsideration_case',
    `SELECT u.id AS unit_id, (ARRAY['RECONSIDERATION', 'LITIGATION', 'BEING_RECONSIDERED'])[1 + pg_temp.hm(u.n * 10 + i, 101, 3)] AS kind,
            x.d AS received_on,
            pg_temp.h(u.n * 10 + i, 102) >= 80 AS handled_online,
            CASE WHEN pg_temp.h(u.n * 10 + i, 103) >= 100 THEN x.d + 10 + pg_temp.hm(u.n * 10 + i, 104, 50) END AS reported_on,
            x.d::timestamp AT TIME ZONE 'Asia/Shanghai' AS created_at
       FROM tmp_unit u CROSS JOIN LATERAL generate_series(1, pg_temp.hm(u.n, 100, 4)) i
       CROSS JOIN LATERAL (SELECT date '2025-01-10' + pg_temp.hm(u.n * 10 + i, 105, 700) AS d) x`,
  );
  return written;
}
