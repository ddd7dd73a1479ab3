/**
 * `npm run bench:spreadsheet`: importing and exporting 权责清单 workbooks.
 *
 * Opens an empty migrated database through bench/bench-db.ts (a throwaway embedded cluster, or
 * BENCH_DATABASE_URL, which must be empty), makes a region, a unit per run and a law library of 200 documents, and
 * for each size in BENCH_ROWS (default "2000,10000") writes a workbook in the published layout
 * (every column filled: two bases per row, co-implementers, time limits, statuses) with the
 * export's own writer, then times, through the service (what the HTTP route calls): reading the
 * file alone, a dry run, and the import that writes (one transaction), and the export of what it
 * wrote. BENCH_FLOWS=1 adds both flowcharts and a benchmark to every row (further sheets).
 */
import type { Scope } from '../src/modules/access/scope';
import { POWER_CATEGORIES, type PowerContent } from '../src/modules/catalog/power-content';
import { catalogWorkbook, readWorkbook } from '../src/modules/spreadsheet/catalog-workbook';

import { emptyDatabase, type BenchDatabase } from './bench-db';

const ALL: Scope = { kind: 'all' };
const SYS = { userId: null, requestId: 'bench' };
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function chart(internal: boolean) {
  const step = (key: string, label: string, ext: string) => ({
    key,
    kind: 'STEP' as const,
    label,
    ...(internal && {
      post: '承办人',
      duty: `${label}并提出意见`,
      timeLimitDays: 5,
      externalKey: ext,
      riskPoints: [
        {
          description: `${label}环节随意裁量`,
          level: 'MEDIUM' as const,
          measures: '集体讨论，全程留痕',
        },
      ],
    }),
  });
  return {
    nodes: [
      { key: 's', kind: 'START' as const, label: '申请' },
      step(internal ? 'i1' : 'a', '受理', 'a'),
      step(internal ? 'i2' : 'b', '审查', 'b'),
      step(internal ? 'i3' : 'c', '决定', 'c'),
      { key: 'e', kind: 'END' as const, label: '办结' },
    ],
    edges: internal
      ? [
          { from: 's', to: 'i1' },
          { from: 'i1', to: 'i2' },
          { from: 'i2', to: 'i3' },
          { from: 'i3', to: 'e' },
        ]
      : [
          { from: 's', to: 'a' },
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c', label: '通过' },
          { from: 'c', to: 'e' },
        ],
    ...(internal
      ? { filedOn: '2024-03-01' }
      : {
          supervision: '法制机构监督',
          counterpartyRights: '陈述、申辩',
          complaintChannel: '12345',
          approvedOn: '2024-02-01',
          publishedOn: '2024-02-10',
        }),
  };
}

async function main(): Promise<number> {
  const sizes = (process.env.BENCH_ROWS ?? '2000,10000').split(',').map(Number);
  const flows = process.env.BENCH_FLOWS === '1';
  let bench: BenchDatabase | null = null;
  try {
    bench = await emptyDatabase('pc-bench-xlsx-');
    const { services: s, logger } = bench;
    const province = await s.regions.createRegion(
      { code: '320000', name: '江苏省', level: 'PROVINCE' },
      SYS,
    );
    const docs: { id: string; title: string }[] = [];
    for (let i = 0; i < 200; i++) {
      const d = await s.legalDocuments.create(
        {
          title: `中华人民共和国测试法第${i}号`,
          issuer: '全国人民代表大会常务委员会',
          level: 'LAW',
          promulgatedOn: '2020-01-01',
        },
        SYS,
      );
      docs.push({ id: d.id, title: d.title });
    }
    const rows: string[][] = [];
    for (const [k, n] of sizes.entries()) {
      const unit = await s.regions.createUnit(
        { code: `32000${k}001`, name: `测试局${k}`, regionId: province.id },
        SYS,
      );
      const peer = await s.regions.createUnit(
        { code: `32000${k}002`, name: `协作局${k}`, regionId: province.id },
        SYS,
      );
      const powers = Array.from({ length: n }, (_, i) => {
        const category = POWER_CATEGORIES[i % POWER_CATEGORIES.length];
        const content: PowerContent = {
          code: `U${k}-${String(i).padStart(6, '0')}`,
          name: `测试事项${k}-${i}`,
          category,
          isKey: i % 7 === 0,
          subject: {
            unitId: unit.id,
            type: i % 5 ? 'STATUTORY' : 'ENTRUSTED',
            entrustingParty: i % 5 ? null : '省人民政府',
            coImplementerIds: i % 3 ? [] : [peer.id],
          },
          legalBases: [
            { documentId: docs[i % 200].id, articles: '第十二条、第十三条' },
            { documentId: docs[(i * 7) % 200].id, articles: '第二十条第一款' },
          ],
          legalTimeLimitDays: 20,
          promisedTimeLimitDays: 10,
          ...(flows && {
            externalFlow: chart(false),
            internalFlow: chart(true),
            discretion: {
              tiers: [
                {
                  level: '轻微',
                  conditions: '首次违法',
                  sanction: '警告',
                  minFine: 0,
                  maxFine: 1000,
                },
                {
                  level: '一般',
                  conditions: '一般违法',
                  sanction: '罚款',
                  minFine: 1000,
                  maxFine: 10000,
                },
                {
                  level: '严重',
                  conditions: '情节严重',
                  sanction: '罚款',
                  minFine: 10000,
                  maxFine: 50000,
                },
              ],
              circumstances: [{ kind: 'LIGHTER' as const, description: '主动改正' }],
              applicationRules: '先定阶次，再考虑情节。',
              filedOn: '2024-02-01',
            },
          }),
        };
        return { status: (i % 11 ? 'ACTIVE' : 'DORMANT') as 'ACTIVE' | 'DORMANT', content };
      });
      const names = new Map([
        [unit.id, unit.name],
        [peer.id, peer.name],
      ]);
      const titles = new Map(docs.map((d) => [d.id, d.title]));
      const body = await catalogWorkbook({
        title: `${unit.name}权责清单`,
        subtitle: '（基准测试）',
        powers,
        unitName: (id) => names.get(id)!,
        documentTitle: (id) => titles.get(id)!,
      });
      const t = async (label: string, f: () => Promise<string>) => {
        const before = logger.count;
        const t0 = performance.now();
        const note = await f();
        const took = performance.now() - t0;
        console.error(`  ${n} rows, ${label}: ${ms(took)} ms (${note})`);
        rows.push([String(n), label, `${ms(took)} ms`, String(logger.count - before), note]);
      };
      console.error(`${n} rows: workbook of ${(body.length / 1024 / 1024).toFixed(1)} MB`);
      await t('read the file (exceljs)', async () => {
        const sheets = await readWorkbook(body);
        return `${sheets.catalog.rows.length} sheet rows`;
      });
      await t('dry run', async () => {
        const r = await s.spreadsheets.importCatalog(
          ALL,
          { unitId: unit.id, dryRun: true, body },
          SYS,
        );
        return `${r.rows} rows, ${r.errors.length} errors`;
      });
      await t('import (one transaction)', async () => {
        const r = await s.spreadsheets.importCatalog(
          ALL,
          { unitId: unit.id, dryRun: false, body },
          SYS,
        );
        if (r.errors.length) throw new Error(JSON.stringify(r.errors.slice(0, 5)));
        return `${r.created} created`;
      });
      await t('export', async () => {
        const f = await s.spreadsheets.exportCatalog(ALL, {
          unitId: unit.id,
          regionId: null,
          asOf: null,
        });
        return `${f.powers} powers, ${(f.body.length / 1024 / 1024).toFixed(1)} MB`;
      });
    }
    console.log(
      `\nworkbook import and export${flows ? ' (with flowcharts and benchmarks)' : ''}\n`,
    );
    console.log('| rows | operation | time | SQL statements | note |');
    console.log('| ---: | --- | ---: | ---: | --- |');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    return 0;
  } catch (e) {
    console.error(e);
    return 1;
  } finally {
    await bench?.stop();
  }
}

void main().then((code) => process.exit(code));
