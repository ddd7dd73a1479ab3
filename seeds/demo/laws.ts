/**
 * The legal documents the demo catalog cites, at every rank: laws, administrative regulations,
 * local regulations, departmental rules, local government rules and normative documents. Dates
 * are those of the latest revision in force. Exactly one document is repealed (the 2015 食品经营
 * 许可管理办法, replaced on 2023-12-01), and one power still cites it.
 */
import type { LegalLevel } from '../../src/modules/catalog/power-content';

export interface DemoLaw {
  /** a stable key the powers refer to (ids are not known until the loader writes the laws) */
  key: string;
  title: string;
  issuer: string;
  level: LegalLevel;
  promulgatedOn: string;
  effectiveOn: string | null;
  repealedOn: string | null;
}

const NPCSC = '全国人民代表大会常务委员会';
const STATE_COUNCIL = '国务院';
const SAMR = '国家市场监督管理总局';
const JS_PC = '江苏省人民代表大会常务委员会';

type Row = [key: string, title: string, issuer: string, level: LegalLevel, on: string, eff?: string];

const ROWS: Row[] = [
  // 法律
  ['xzcff', '中华人民共和国行政处罚法', NPCSC, 'LAW', '2021-01-22', '2021-07-15'],
  ['xzxkf', '中华人民共和国行政许可法', NPCSC, 'LAW', '2019-04-23'],
  ['xzqzf', '中华人民共和国行政强制法', NPCSC, 'LAW', '2011-06-30', '2012-01-01'],
  ['spaqf', '中华人民共和国食品安全法', NPCSC, 'LAW', '2021-04-29'],
  ['tzsbf', '中华人民共和国特种设备安全法', NPCSC, 'LAW', '2013-06-29', '2014-01-01'],
  ['cpzlf', '中华人民共和国产品质量法', NPCSC, 'LAW', '2018-12-29'],
  ['ggf', '中华人民共和国广告法', NPCSC, 'LAW', '2021-04-29'],
  ['zlf', '中华人民共和国专利法', NPCSC, 'LAW', '2020-10-17', '2021-06-01'],
  ['dqf', '中华人民共和国大气污染防治法', NPCSC, 'LAW', '2018-10-26'],
  ['swf', '中华人民共和国水污染防治法', NPCSC, 'LAW', '2017-06-27', '2018-01-01'],
  ['gff', '中华人民共和国固体废物污染环境防治法', NPCSC, 'LAW', '2020-04-29', '2020-09-01'],
  ['zsf', '中华人民共和国噪声污染防治法', NPCSC, 'LAW', '2021-12-24', '2022-06-05'],
  ['hpf', '中华人民共和国环境影响评价法', NPCSC, 'LAW', '2018-12-29'],
  ['aqscf', '中华人民共和国安全生产法', NPCSC, 'LAW', '2021-06-10', '2021-09-01'],
  ['jzf', '中华人民共和国建筑法', NPCSC, 'LAW', '2019-04-23'],
  ['cxghf', '中华人民共和国城乡规划法', NPCSC, 'LAW', '2019-04-23'],
  ['tdglf', '中华人民共和国土地管理法', NPCSC, 'LAW', '2019-08-26', '2020-01-01'],
  ['ysf', '中华人民共和国医师法', NPCSC, 'LAW', '2021-08-20', '2022-03-01'],
  ['crbf', '中华人民共和国传染病防治法', NPCSC, 'LAW', '2025-04-30', '2025-09-01'],
  ['wwf', '中华人民共和国文物保护法', NPCSC, 'LAW', '2024-11-08', '2025-03-01'],
  ['lyf', '中华人民共和国旅游法', NPCSC, 'LAW', '2018-10-26'],
  ['dwfyf', '中华人民共和国动物防疫法', NPCSC, 'LAW', '2021-01-22', '2021-05-01'],
  ['zzf', '中华人民共和国种子法', NPCSC, 'LAW', '2021-12-24', '2022-03-01'],
  ['ncpf', '中华人民共和国农产品质量安全法', NPCSC, 'LAW', '2022-09-02', '2023-01-01'],
  ['glf', '中华人民共和国公路法', NPCSC, 'LAW', '2017-11-04'],
  // 行政法规
  ['dlystl', '中华人民共和国道路运输条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2023-07-20'],
  ['gycptl', '中华人民共和国工业产品生产许可证管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2005-07-09', '2005-09-01'],
  ['pwxktl', '排污许可管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2021-01-24', '2021-03-01'],
  ['yljgtl', '医疗机构管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2022-03-29', '2022-05-01'],
  ['ylcstl', '娱乐场所管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2020-11-29'],
  ['jgzltl', '建设工程质量管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2019-04-23'],
  ['srhwtl', '城市市容和环境卫生管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2017-03-01'],
  ['nytl', '农药管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2022-03-29', '2022-05-01'],
  ['tdsstl', '中华人民共和国土地管理法实施条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2021-07-02', '2021-09-01'],
  ['bdcdjtl', '不动产登记暂行条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2019-03-24'],
  ['zhjztl', '自然灾害救助条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2019-03-02'],
  ['gfbztl', '城市道路管理条例', STATE_COUNCIL, 'ADMINISTRATIVE_REGULATION', '2019-03-24'],
  // 地方性法规
  ['jsdq', '江苏省大气污染防治条例', JS_PC, 'LOCAL_REGULATION', '2018-11-23'],
  ['jszf', '江苏省食品小作坊和食品摊贩管理条例', JS_PC, 'LOCAL_REGULATION', '2016-12-02', '2017-01-01'],
  ['jscxgh', '江苏省城乡规划条例', JS_PC, 'LOCAL_REGULATION', '2018-03-28'],
  // 部门规章
  ['spscxk', '食品生产许可管理办法', SAMR, 'DEPARTMENTAL_RULE', '2020-01-02', '2020-03-01'],
  ['spjyxk', '食品经营许可和备案管理办法', SAMR, 'DEPARTMENTAL_RULE', '2023-06-15', '2023-12-01'],
  ['jjzd', '检验检测机构资质认定管理办法', SAMR, 'DEPARTMENTAL_RULE', '2021-04-02', '2021-06-01'],
  ['sthjcf', '生态环境行政处罚办法', '生态环境部', 'DEPARTMENTAL_RULE', '2023-05-08', '2023-07-01'],
  ['sgxk', '建筑工程施工许可管理办法', '住房和城乡建设部', 'DEPARTMENTAL_RULE', '2021-03-30'],
  ['ggcsws', '公共场所卫生管理条例实施细则', '国家卫生健康委员会', 'DEPARTMENTAL_RULE', '2017-12-26'],
  ['aqcfbf', '安全生产违法行为行政处罚办法', '国家安全生产监督管理总局', 'DEPARTMENTAL_RULE', '2015-04-02', '2015-05-01'],
  ['czcgl', '出租汽车经营服务管理规定', '交通运输部', 'DEPARTMENTAL_RULE', '2021-08-11'],
  // 地方政府规章
  ['jsxzcx', '江苏省行政程序规定', '江苏省人民政府', 'LOCAL_GOVERNMENT_RULE', '2015-01-06', '2015-03-01'],
  ['czljfl', '常州市生活垃圾分类管理办法', '常州市人民政府', 'LOCAL_GOVERNMENT_RULE', '2021-04-26', '2021-06-01'],
  // 规范性文件
  ['czcljz', '常州市行政处罚裁量基准适用规定', '常州市司法局', 'NORMATIVE_DOCUMENT', '2022-03-15', '2022-04-01'],
  ['jsjbjl', '江苏省安全生产领域举报奖励办法', '江苏省应急管理厅', 'NORMATIVE_DOCUMENT', '2021-11-10', '2021-12-01'],
];

/** The one repealed document: replaced by 食品经营许可和备案管理办法 on 2023-12-01. */
export const REPEALED_LAW_KEY = 'spjyxk2015';

export const LAWS: readonly DemoLaw[] = [
  ...ROWS.map(
    ([key, title, issuer, level, on, eff]): DemoLaw => ({
      key,
      title,
      issuer,
      level,
      promulgatedOn: on,
      effectiveOn: eff ?? on,
      repealedOn: null,
    }),
  ),
  {
    key: REPEALED_LAW_KEY,
    title: '食品经营许可管理办法',
    issuer: '国家食品药品监督管理总局',
    level: 'DEPARTMENTAL_RULE',
    promulgatedOn: '2015-08-31',
    effectiveOn: '2015-10-01',
    repealedOn: '2023-12-01',
  },
];

export const LAW_BY_KEY: ReadonlyMap<string, DemoLaw> = new Map(LAWS.map((l) => [l.key, l]));
