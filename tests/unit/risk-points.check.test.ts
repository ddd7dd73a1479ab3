import { riskPointProblems } from '../../src/modules/flow/checks/risk-points.check';

import { cleanContent, codes, internalChart } from './fixtures/power-fixtures';

/** The internal chart with no risk point anywhere. */
const noRisks = () => {
  const chart = internalChart();
  for (const n of chart.nodes) n.riskPoints = null;
  return chart;
};

describe('risk point checks', () => {
  it('finds nothing wrong with a key power whose risk point has measures', () => {
    expect(riskPointProblems(cleanContent('LICENSING', { isKey: true }))).toEqual([]);
  });

  it('flags a key power with no risk point on any internal node', () => {
    expect(
      riskPointProblems(cleanContent('LICENSING', { isKey: true, internalFlow: noRisks() })),
    ).toEqual([
      {
        code: 'KEY_POWER_NO_RISK_POINT',
        message: expect.stringContaining('重点权力'),
        path: 'internalFlow.nodes',
      },
    ]);
  });

  it('flags a key power with no internal chart at all', () => {
    expect(
      codes(riskPointProblems(cleanContent('PENALTY', { isKey: true, internalFlow: null }))),
    ).toEqual(['KEY_POWER_NO_RISK_POINT']);
  });

  it('asks no risk point of a power that is not key', () => {
    for (const isKey of [false, null, undefined]) {
      expect(
        riskPointProblems(cleanContent('LICENSING', { isKey, internalFlow: noRisks() })),
      ).toEqual([]);
    }
  });

  it('flags a risk point with empty measures, naming the step and the risk', () => {
    const chart = internalChart();
    chart.nodes[4].riskPoints = [
      { description: '违规审批', level: 'MEDIUM', measures: ' ' },
      { description: '', level: 'LOW', measures: '' },
    ];
    expect(riskPointProblems(cleanContent('LICENSING', { internalFlow: chart }))).toEqual([
      {
        code: 'RISK_POINT_NO_MEASURES',
        message: expect.stringMatching(/「分管领导审批」.*「违规审批」.*防控措施/),
        path: 'internalFlow.nodes[4].riskPoints[0].measures',
      },
      {
        code: 'RISK_POINT_NO_MEASURES',
        message: expect.stringContaining('第 2 个风险点'),
        path: 'internalFlow.nodes[4].riskPoints[1].measures',
      },
    ]);
  });

  it('flags a risk point without measures on a power that is not key too', () => {
    const chart = internalChart();
    chart.nodes[2].riskPoints![0].measures = '';
    expect(
      codes(riskPointProblems(cleanContent('LICENSING', { isKey: false, internalFlow: chart }))),
    ).toEqual(['RISK_POINT_NO_MEASURES']);
  });

  it('flags a key power whose only risk point lacks measures once for the measures', () => {
    const chart = internalChart();
    chart.nodes[2].riskPoints![0].measures = null as unknown as string;
    expect(
      codes(riskPointProblems(cleanContent('LICENSING', { isKey: true, internalFlow: chart }))),
    ).toEqual(['RISK_POINT_NO_MEASURES']);
  });
});
