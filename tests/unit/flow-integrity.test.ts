import type { FlowchartData, FlowNodeData } from '../../src/modules/catalog/power-content';
import {
  contentIntegrityErrors,
  discretionIntegrityErrors,
  flowIntegrityErrors,
} from '../../src/modules/flow/integrity';

import { benchmark, cleanContent, externalChart, internalChart } from './fixtures/power-fixtures';

const P = 'draft.externalFlow';
const paths = (errors: { path: string }[]): string[] => errors.map((e) => e.path);

const withNodes = (chart: FlowchartData, extra: FlowNodeData[]): FlowchartData => ({
  ...chart,
  nodes: [...chart.nodes, ...extra],
});

describe('flowIntegrityErrors', () => {
  it('accepts the clean external and internal charts', () => {
    expect(flowIntegrityErrors(externalChart(), P, 'external')).toEqual([]);
    expect(flowIntegrityErrors(internalChart(), 'draft.internalFlow', 'internal')).toEqual([]);
  });

  it('flags a repeated node key at the second node, naming the key', () => {
    const chart = withNodes(externalChart(), [{ key: 'A', kind: 'STEP', label: '再受理' }]);
    const errors = flowIntegrityErrors(chart, P, 'external');
    expect(errors).toEqual([
      { path: `${P}.nodes[6].key`, message: expect.stringContaining('「A」重复') },
    ]);
  });

  it('flags an empty node key and an empty label', () => {
    const chart = withNodes(externalChart(), [{ key: ' ', kind: 'STEP', label: '  ' }]);
    expect(paths(flowIntegrityErrors(chart, P, 'external'))).toEqual([
      `${P}.nodes[6].key`,
      `${P}.nodes[6].label`,
    ]);
  });

  it('flags a node kind that is not START, STEP, DECISION or END', () => {
    const chart = withNodes(externalChart(), [
      { key: 'X', kind: 'LOOP' as FlowNodeData['kind'], label: '循环' },
    ]);
    const errors = flowIntegrityErrors(chart, P, 'external');
    expect(paths(errors)).toContain(`${P}.nodes[6].kind`);
    expect(errors[0].message).toContain('LOOP');
  });

  it('flags a second START node', () => {
    const chart = withNodes(externalChart(), [{ key: 'S2', kind: 'START', label: '另一个开始' }]);
    const errors = flowIntegrityErrors(chart, P, 'external');
    expect(errors).toEqual([
      { path: `${P}.nodes[6].kind`, message: expect.stringContaining('只能有一个开始节点') },
    ]);
  });

  it('flags a negative or fractional step time limit, and accepts 0', () => {
    const chart = internalChart();
    chart.nodes[1].timeLimitDays = -1;
    chart.nodes[2].timeLimitDays = 1.5;
    chart.nodes[3].timeLimitDays = 0;
    expect(paths(flowIntegrityErrors(chart, 'i', 'internal'))).toEqual([
      'i.nodes[1].timeLimitDays',
      'i.nodes[2].timeLimitDays',
    ]);
  });

  it('flags an edge from an unknown node at .from and to an unknown node at .to', () => {
    const chart = externalChart();
    chart.edges.push({ from: 'ghost', to: 'B' }, { from: 'B', to: 'nowhere' });
    const errors = flowIntegrityErrors(chart, P, 'external');
    expect(paths(errors)).toEqual([`${P}.edges[5].from`, `${P}.edges[6].to`]);
    expect(errors[0].message).toContain('「ghost」');
    expect(errors[1].message).toContain('「nowhere」');
  });

  it('flags an edge from a node to itself', () => {
    const chart = externalChart();
    chart.edges.push({ from: 'B', to: 'B' });
    expect(flowIntegrityErrors(chart, P, 'external')).toEqual([
      { path: `${P}.edges[5].to`, message: expect.stringContaining('指向它自身') },
    ]);
  });

  it('flags an edge into START and an edge out of an END', () => {
    const chart = externalChart();
    chart.edges.push({ from: 'A', to: 'S' }, { from: 'Y', to: 'B' });
    expect(paths(flowIntegrityErrors(chart, P, 'external'))).toEqual([
      `${P}.edges[5].to`,
      `${P}.edges[6].from`,
    ]);
  });

  it('refuses an externalKey and risk points on an external chart, but not on an internal one', () => {
    const risk = { description: '风险', level: 'LOW' as const, measures: '措施' };
    const ext = externalChart();
    ext.nodes[1] = { ...ext.nodes[1], externalKey: 'A', riskPoints: [risk] };
    expect(paths(flowIntegrityErrors(ext, P, 'external'))).toEqual([
      `${P}.nodes[1].externalKey`,
      `${P}.nodes[1].riskPoints`,
    ]);
    const empty = externalChart();
    empty.nodes[1] = { ...empty.nodes[1], externalKey: null, riskPoints: [] };
    expect(flowIntegrityErrors(empty, P, 'external')).toEqual([]);
    expect(flowIntegrityErrors(internalChart(), 'i', 'internal')).toEqual([]);
  });

  it('flags a risk point with an unknown level', () => {
    const chart = internalChart();
    chart.nodes[2].riskPoints![0].level = 'SEVERE' as 'HIGH';
    expect(paths(flowIntegrityErrors(chart, 'i', 'internal'))).toEqual([
      'i.nodes[2].riskPoints[0].level',
    ]);
  });

  it('lets both charts hold every node kind', () => {
    for (const kind of ['external', 'internal'] as const) {
      const chart: FlowchartData = {
        nodes: [
          { key: 's', kind: 'START', label: '开始' },
          { key: 'a', kind: 'STEP', label: '步骤' },
          { key: 'd', kind: 'DECISION', label: '判断' },
          { key: 'e', kind: 'END', label: '结束' },
        ],
        edges: [
          { from: 's', to: 'a' },
          { from: 'a', to: 'd' },
          { from: 'd', to: 'e' },
          { from: 'd', to: 'a', label: '补正' },
        ],
      };
      expect(flowIntegrityErrors(chart, 'c', kind)).toEqual([]);
    }
  });

  it('leaves what is merely missing to the problem checks: no START, no END, unreachable steps, no post', () => {
    const chart: FlowchartData = {
      nodes: [
        { key: 'a', kind: 'STEP', label: '孤立步骤' },
        { key: 'b', kind: 'STEP', label: '无岗位步骤', post: null, timeLimitDays: null },
      ],
      edges: [],
    };
    expect(flowIntegrityErrors(chart, 'i', 'internal')).toEqual([]);
  });

  it('writes its messages in Chinese, naming the chart', () => {
    const chart = externalChart();
    chart.edges.push({ from: 'B', to: 'nowhere' });
    expect(flowIntegrityErrors(chart, P, 'external')[0].message).toMatch(/^外部流程图/);
  });
});

describe('discretionIntegrityErrors', () => {
  it('accepts the clean benchmark', () => {
    expect(discretionIntegrityErrors(benchmark(), 'd')).toEqual([]);
  });

  it('flags a negative fine and a fine that is not a number', () => {
    const d = benchmark();
    d.tiers[0].minFine = -100;
    d.tiers[2].maxFine = Number.NaN;
    const errors = discretionIntegrityErrors(d, 'draft.discretion');
    expect(paths(errors)).toEqual([
      'draft.discretion.tiers[0].minFine',
      'draft.discretion.tiers[2].maxFine',
    ]);
    expect(errors[0].message).toContain('「轻微」');
  });

  it('leaves an upside-down range to the problem checks', () => {
    const d = benchmark();
    d.tiers[1] = { ...d.tiers[1], minFine: 9000, maxFine: 100 };
    expect(discretionIntegrityErrors(d, 'd')).toEqual([]);
  });

  it('flags an unknown circumstance kind', () => {
    const d = benchmark();
    d.circumstances.push({ kind: 'WHATEVER' as 'HEAVIER', description: 'x' });
    expect(paths(discretionIntegrityErrors(d, 'd'))).toEqual(['d.circumstances[4].kind']);
  });
});

describe('contentIntegrityErrors', () => {
  it('accepts clean content', () => {
    expect(contentIntegrityErrors(cleanContent('PENALTY'), 'draft')).toEqual([]);
  });

  it('gathers the errors of both charts, the benchmark and the time limits under the path', () => {
    const content = cleanContent('PENALTY', { legalTimeLimitDays: -3 });
    content.externalFlow!.edges.push({ from: 'A', to: 'zz' });
    content.internalFlow!.edges.push({ from: 'b1', to: 'b1' });
    content.discretion!.tiers[0].maxFine = -1;
    expect(paths(contentIntegrityErrors(content, 'draft'))).toEqual([
      'draft.legalTimeLimitDays',
      'draft.externalFlow.edges[5].to',
      'draft.internalFlow.edges[6].to',
      'draft.discretion.tiers[0].maxFine',
    ]);
  });
});
