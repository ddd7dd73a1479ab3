import { externalFlowProblems } from '../../src/modules/flow/checks/external-flow.check';

import { cleanContent, codes, externalChart } from './fixtures/power-fixtures';

const check = (chart: ReturnType<typeof externalChart> | null) =>
  externalFlowProblems(cleanContent('LICENSING', { externalFlow: chart }));

describe('external flowchart checks', () => {
  it('finds nothing wrong with a complete, approved and published chart', () => {
    expect(check(externalChart())).toEqual([]);
  });

  it('flags a missing external chart, and only that', () => {
    expect(check(null)).toEqual([
      { code: 'EXTERNAL_FLOW_MISSING', message: expect.any(String), path: 'externalFlow' },
    ]);
  });

  it('flags a chart with no nodes as missing', () => {
    expect(codes(check(externalChart({ nodes: [], edges: [] })))).toEqual([
      'EXTERNAL_FLOW_MISSING',
    ]);
  });

  it('flags a chart with no START (and does not call every step unreachable)', () => {
    const chart = externalChart();
    chart.nodes[0] = { ...chart.nodes[0], kind: 'STEP' };
    const problems = check(chart);
    expect(problems).toEqual([
      {
        code: 'EXTERNAL_FLOW_NO_END_REACHABLE',
        message: expect.stringContaining('没有开始节点'),
        path: 'externalFlow.nodes',
      },
    ]);
  });

  it('flags a chart with no END node', () => {
    const chart = externalChart();
    chart.nodes[4] = { ...chart.nodes[4], kind: 'STEP' };
    chart.nodes[5] = { ...chart.nodes[5], kind: 'STEP' };
    const problems = check(chart);
    expect(problems[0]).toMatchObject({
      code: 'EXTERNAL_FLOW_NO_END_REACHABLE',
      message: expect.stringContaining('没有结束节点'),
    });
  });

  it('flags a chart whose END nodes no path from START reaches', () => {
    const chart = externalChart();
    chart.edges = chart.edges.filter((e) => e.from !== 'D');
    const problems = check(chart);
    expect(codes(problems)).toEqual([
      'EXTERNAL_FLOW_NO_END_REACHABLE',
      'EXTERNAL_FLOW_UNREACHABLE_STEP',
      'EXTERNAL_FLOW_UNREACHABLE_STEP',
    ]);
    expect(problems[0].message).toContain('「申请」（S）');
  });

  it('flags an external step that no path from START reaches, naming it', () => {
    const chart = externalChart();
    chart.nodes.push({ key: 'X', kind: 'STEP', label: '现场核查' });
    chart.edges.push({ from: 'X', to: 'D' });
    expect(check(chart)).toEqual([
      {
        code: 'EXTERNAL_FLOW_UNREACHABLE_STEP',
        message: expect.stringContaining('「现场核查」（X）'),
        path: 'externalFlow.nodes[6]',
      },
    ]);
  });

  it('flags a step reached from START from which no END can be reached', () => {
    const chart = externalChart();
    chart.nodes.push({ key: 'X', kind: 'STEP', label: '补正材料' });
    chart.edges.push({ from: 'A', to: 'X' });
    expect(check(chart)).toEqual([
      {
        code: 'EXTERNAL_FLOW_DEAD_END_STEP',
        message: expect.stringContaining('「补正材料」（X）'),
        path: 'externalFlow.nodes[6]',
      },
    ]);
  });

  it('accepts a loop back to an earlier step (补正 back to 受理)', () => {
    const chart = externalChart();
    chart.nodes.push({ key: 'X', kind: 'STEP', label: '补正材料' });
    chart.edges.push({ from: 'B', to: 'X' }, { from: 'X', to: 'A' });
    expect(check(chart)).toEqual([]);
  });

  it('ignores edges to unknown nodes (an integrity error) instead of failing', () => {
    const chart = externalChart();
    chart.edges.push({ from: 'A', to: 'ghost' });
    expect(check(chart)).toEqual([]);
  });

  it.each([
    ['supervision', 'EXTERNAL_FLOW_NO_SUPERVISION', '监督'],
    ['counterpartyRights', 'EXTERNAL_FLOW_NO_COUNTERPARTY_RIGHTS', '相对人的权利'],
    ['complaintChannel', 'EXTERNAL_FLOW_NO_COMPLAINT_CHANNEL', '投诉渠道'],
  ] as const)('flags an empty %s (%s)', (field, code, words) => {
    for (const value of [null, '', '  ']) {
      expect(check(externalChart({ [field]: value }))).toEqual([
        { code, message: expect.stringContaining(words), path: `externalFlow.${field}` },
      ]);
    }
  });

  it('flags a chart the legal office has not approved', () => {
    expect(check(externalChart({ approvedOn: null }))).toEqual([
      {
        code: 'EXTERNAL_FLOW_NOT_APPROVED',
        message: expect.stringContaining('审核'),
        path: 'externalFlow.approvedOn',
      },
    ]);
  });

  it('flags a chart that has not been published', () => {
    expect(check(externalChart({ publishedOn: null }))).toEqual([
      {
        code: 'EXTERNAL_FLOW_NOT_PUBLISHED',
        message: expect.stringContaining('公开'),
        path: 'externalFlow.publishedOn',
      },
    ]);
  });
});
