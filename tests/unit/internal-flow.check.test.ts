import type { PowerContent } from '../../src/modules/catalog/power-content';
import { internalFlowProblems } from '../../src/modules/flow/checks/internal-flow.check';

import { cleanContent, codes, externalChart, internalChart } from './fixtures/power-fixtures';

const check = (overrides: Partial<PowerContent>) =>
  internalFlowProblems(cleanContent('LICENSING', overrides));

describe('internal flowchart checks', () => {
  it('finds nothing wrong with a complete, linked and filed chart', () => {
    expect(check({})).toEqual([]);
  });

  it('flags a missing internal chart, and only that', () => {
    expect(check({ internalFlow: null })).toEqual([
      { code: 'INTERNAL_FLOW_MISSING', message: expect.any(String), path: 'internalFlow' },
    ]);
    expect(codes(check({ internalFlow: internalChart({ nodes: [], edges: [] }) }))).toEqual([
      'INTERNAL_FLOW_MISSING',
    ]);
  });

  it('flags a step with no post, naming the step', () => {
    const chart = internalChart();
    chart.nodes[2].post = '  ';
    expect(check({ internalFlow: chart })).toEqual([
      {
        code: 'INTERNAL_STEP_NO_POST',
        message: expect.stringContaining('「承办人审查」（b1）'),
        path: 'internalFlow.nodes[2].post',
      },
    ]);
  });

  it('flags a step with no duty', () => {
    const chart = internalChart();
    chart.nodes[1].duty = null;
    expect(check({ internalFlow: chart })).toEqual([
      {
        code: 'INTERNAL_STEP_NO_DUTY',
        message: expect.stringContaining('「窗口受理」'),
        path: 'internalFlow.nodes[1].duty',
      },
    ]);
  });

  it('flags a decision with no time limit, and accepts a limit of 0 days', () => {
    const chart = internalChart();
    chart.nodes[4].timeLimitDays = undefined;
    chart.nodes[3].timeLimitDays = 0;
    expect(check({ internalFlow: chart })).toEqual([
      {
        code: 'INTERNAL_STEP_NO_TIME_LIMIT',
        message: expect.stringContaining('「分管领导审批」'),
        path: 'internalFlow.nodes[4].timeLimitDays',
      },
    ]);
  });

  it('asks nothing of START and END nodes: no post, duty, time limit or external step', () => {
    const chart = internalChart();
    chart.nodes[0] = { key: 's', kind: 'START', label: '收件' };
    chart.nodes[5] = { key: 'y', kind: 'END', label: '送达准予决定', externalKey: 'Y' };
    expect(check({ internalFlow: chart })).toEqual([]);
  });

  it('flags a step that does not say which external step it belongs to', () => {
    const chart = internalChart();
    chart.nodes[3].externalKey = null;
    expect(check({ internalFlow: chart })).toEqual([
      {
        code: 'INTERNAL_STEP_NO_EXTERNAL_KEY',
        message: expect.stringContaining('「科长审核」'),
        path: 'internalFlow.nodes[3].externalKey',
      },
    ]);
  });

  it('flags a step whose externalKey names no external node', () => {
    const chart = internalChart();
    chart.nodes[3].externalKey = 'Q';
    expect(check({ internalFlow: chart })).toEqual([
      {
        code: 'INTERNAL_STEP_UNKNOWN_EXTERNAL',
        message: expect.stringContaining('「Q」'),
        path: 'internalFlow.nodes[3].externalKey',
      },
    ]);
  });

  it('flags an external step that no internal node covers, naming the external step', () => {
    const ext = externalChart();
    ext.nodes.push({ key: 'C', kind: 'STEP', label: '现场核查' });
    ext.edges = ext.edges
      .filter((e) => e.from !== 'B')
      .concat([
        { from: 'B', to: 'C' },
        { from: 'C', to: 'D' },
      ]);
    expect(check({ externalFlow: ext })).toEqual([
      {
        code: 'EXTERNAL_STEP_NOT_COVERED',
        message: expect.stringContaining('「现场核查」（C）'),
        path: 'externalFlow.nodes[6]',
      },
    ]);
  });

  it('does not ask that external START and END nodes be covered', () => {
    const chart = internalChart();
    for (const n of chart.nodes) if (n.kind === 'START' || n.kind === 'END') n.externalKey = null;
    expect(check({ internalFlow: chart })).toEqual([]);
  });

  it('leaves the links alone when there is no external chart (EXTERNAL_FLOW_MISSING says it)', () => {
    expect(check({ externalFlow: null })).toEqual([]);
  });

  it('flags a chart not filed with the legal office', () => {
    expect(check({ internalFlow: internalChart({ filedOn: null }) })).toEqual([
      {
        code: 'INTERNAL_FLOW_NOT_FILED',
        message: expect.stringContaining('备案'),
        path: 'internalFlow.filedOn',
      },
    ]);
  });

  it('flags internal time limits along the longest path that add up to more than the legal limit', () => {
    // 2 + 3 + 2 + 2 = 9 on the main path; a side branch a1 → x (10) → d1 makes 2 + 10 + 2 = 14.
    const chart = internalChart();
    chart.nodes.push({
      key: 'x',
      kind: 'STEP',
      label: '专家评审',
      post: '评审专家',
      duty: '组织专家评审',
      timeLimitDays: 10,
      externalKey: 'B',
    });
    chart.edges.push({ from: 'a1', to: 'x' }, { from: 'x', to: 'd1' });
    expect(
      check({ internalFlow: chart, legalTimeLimitDays: 14, promisedTimeLimitDays: 10 }),
    ).toEqual([]);
    const problems = check({
      internalFlow: chart,
      legalTimeLimitDays: 13,
      promisedTimeLimitDays: 10,
    });
    expect(problems).toEqual([
      { code: 'INTERNAL_TIME_EXCEEDS_LEGAL', message: expect.any(String), path: 'internalFlow' },
    ]);
    expect(problems[0].message).toContain('合计 14 个工作日');
    expect(problems[0].message).toContain('法定时限 13 个工作日');
    expect(problems[0].message).toContain('收件 → 窗口受理 → 专家评审 → 分管领导审批');
  });

  it('accepts internal time limits that add up to exactly the legal limit', () => {
    expect(check({ legalTimeLimitDays: 9, promisedTimeLimitDays: 9 })).toEqual([]);
    expect(codes(check({ legalTimeLimitDays: 8, promisedTimeLimitDays: 8 }))).toEqual([
      'INTERNAL_TIME_EXCEEDS_LEGAL',
    ]);
  });

  it('counts a loop (补正 back to 受理) once, and terminates on cycles', () => {
    const chart = internalChart();
    chart.edges.push(
      { from: 'b2', to: 'a1', label: '补正' },
      { from: 'd1', to: 'b1', label: '退回' },
    );
    expect(check({ internalFlow: chart, legalTimeLimitDays: 9, promisedTimeLimitDays: 9 })).toEqual(
      [],
    );
    expect(
      codes(check({ internalFlow: chart, legalTimeLimitDays: 8, promisedTimeLimitDays: 8 })),
    ).toEqual(['INTERNAL_TIME_EXCEEDS_LEGAL']);
  });

  it('does not compare time limits when there is no legal limit, no START or no END', () => {
    expect(check({ legalTimeLimitDays: null, promisedTimeLimitDays: null })).toEqual([]);
    const noEnd = internalChart();
    noEnd.edges = noEnd.edges.filter((e) => e.from !== 'd1');
    expect(check({ internalFlow: noEnd, legalTimeLimitDays: 1, promisedTimeLimitDays: 1 })).toEqual(
      [],
    );
  });

  it('handles a long chain without deep recursion', () => {
    const n = 5000;
    const nodes = Array.from({ length: n }, (_, i) => ({
      key: `k${i}`,
      kind: i === 0 ? ('START' as const) : i === n - 1 ? ('END' as const) : ('STEP' as const),
      label: `环节${i}`,
      post: '岗位',
      duty: '职责',
      timeLimitDays: 1,
      externalKey: 'A',
    }));
    const edges = nodes.slice(1).map((node, i) => ({ from: `k${i}`, to: node.key }));
    const chart = internalChart({ nodes, edges });
    const problems = internalFlowProblems(
      cleanContent('LICENSING', {
        internalFlow: chart,
        externalFlow: null,
        legalTimeLimitDays: 100,
      }),
    );
    expect(codes(problems)).toEqual(['INTERNAL_TIME_EXCEEDS_LEGAL']);
    expect(problems[0].message).toContain(`合计 ${n - 2} 个工作日`);
    expect(problems[0].message).toContain('环节0 → 环节1 → 环节2');
    expect(problems[0].message).toContain(`… → 环节${n - 2} → 环节${n - 1}）`);
    expect(problems[0].message.length).toBeLessThan(200);
  });
});
