import { createHash } from 'node:crypto';

import {
  CHART_FAMILIES,
  sampleDiscretion,
  sampleExternalFlow,
  sampleInternalFlow,
} from '../../src/common/sample-content';

/**
 * The sample content is written out as it is by the demo seed and the benchmark's generated
 * database, and compared by tests. That database is reused by a key of bench/generate.ts and the
 * migrations only, not of this content: a change to what it returns, down to the order of an
 * object's keys, must be deliberate. Each case is the sha256 of the JSON of one output; when a
 * change is meant, update the digests here (and the bench key) in the same commit.
 */
const sha256 = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');

function digests(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of CHART_FAMILIES) {
    out[`external ${f}`] = sha256(sampleExternalFlow(f));
    out[`external ${f} undated`] = sha256(
      sampleExternalFlow(f, { approvedOn: null, publishedOn: null }),
    );
    out[`external ${f} dated`] = sha256(
      sampleExternalFlow(f, { approvedOn: '2025-03-01', publishedOn: '2025-03-02' }),
    );
    out[`internal ${f}`] = sha256(sampleInternalFlow(f));
    out[`internal ${f} no risk`] = sha256(sampleInternalFlow(f, { withRisk: false }));
    out[`internal ${f} unfiled`] = sha256(sampleInternalFlow(f, { filedOn: null }));
    out[`internal ${f} filed`] = sha256(
      sampleInternalFlow(f, { filedOn: '2025-04-01', withRisk: true }),
    );
  }
  out['discretion'] = sha256(sampleDiscretion());
  out['discretion dated'] = sha256(sampleDiscretion({ filedOn: null, adjustedOn: '2025-05-01' }));
  return out;
}

describe('the sample content', () => {
  it('is byte for byte what the demo seed and the benchmark database were built from', () => {
    expect(digests()).toEqual({
      'external ENFORCEMENT': 'cd95c2a9917be7398d32f67345930cd4367edfc389e85f2eea668d8d72fbcb45',
      'external ENFORCEMENT undated':
        'a026c88467b71e4e98c2e58e014014ae910d86a1900fbfb417705299e4882ade',
      'external ENFORCEMENT dated':
        '847c16129024f38a7be6a636399b30e259af0e61cb12b490eeb231aa8f96be7d',
      'internal ENFORCEMENT': '7b85f92507a485b356f7e2b3c5d0052202eb14b6d9b1913bd352cba9611bf00c',
      'internal ENFORCEMENT no risk':
        'd43c972db4069f7075a4b53ec9f688f121b83a48100ad8d0f6700e9c14b3de1b',
      'internal ENFORCEMENT unfiled':
        '1996b1cb1b3732552eb42d3c0807050c3ce3420febb3af5d446089d8bc658463',
      'internal ENFORCEMENT filed':
        'cc298662a54b6ab25704f597af35382d6ebd7f8cced2a01a16414c761022446f',
      'external APPLICATION': 'e59347cc0cb45591cfbd3e77975a17da013d3191ac955e4c14e3e68ee07f0ca3',
      'external APPLICATION undated':
        '3bd899f57031da0d3b5da1073202a8bf6be10c0d816e2ccd53c6c837e86a8e0f',
      'external APPLICATION dated':
        '853692256731aa33aba5c5846241c959ec15c35623b2f5e56e2d9306e038355a',
      'internal APPLICATION': '9ae775ffe3806f4b8c4f180e1c6270b00bd727aa1b66a86fa10b48bd27b74be8',
      'internal APPLICATION no risk':
        'cbddb88630695cc7e2e90fc079d7d85a0253772118f86826403c2a3ffaf19463',
      'internal APPLICATION unfiled':
        '38e43818c12e0400f310ac06a2b61598dbdb334c1f8c516c8153fe29e5d7f132',
      'internal APPLICATION filed':
        'd9593e2c0aa94cfebb8e697500a1ce98d7ca5852680f509ca59b4b45c9188c78',
      discretion: '243ec8d16e69a81a9911181f7c4671162d8ec6c40f40f1c6ba37fba05f952336',
      'discretion dated': '0c99a24caf82f649d85846ba9d8d5f841c4e579f32a8bb9736dd2700bd9acaf4',
    });
  });
});
