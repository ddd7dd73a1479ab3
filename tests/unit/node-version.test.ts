import { readFileSync } from 'node:fs';
import path from 'node:path';

import semver from 'semver';

/**
 * The Node.js versions package.json promises (`engines`) are ones every runtime dependency in the
 * lockfile accepts, and the README's quick start names the same range.
 */
const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const range: string = pkg.engines.node;

describe('the Node.js version', () => {
  it('engines promises only versions every runtime dependency accepts', () => {
    const refused = Object.entries(lock.packages as Record<string, any>)
      .filter(([name, p]) => name && !p.dev && p.engines?.node)
      .filter(([, p]) => !semver.subset(range, p.engines.node))
      .map(([name, p]) => `${name} wants ${p.engines.node}`);
    expect(refused).toEqual([]);
  });

  it('includes the Node.js this project is tested on', () => {
    expect(semver.satisfies(process.version, range)).toBe(true);
  });

  it('is the range the README names', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js \`${range}\``);
  });
});
