/**
 * `npm run bundle`: one tarball to carry the service to a machine without internet or registry.
 * It holds the built code (`npm run build`: dist/, the web console's build included when there is
 * one), the production node_modules (the embedded PostgreSQL binaries of this platform included)
 * and the README; on the other machine `tar xzf …` and `node dist/src/main.js` start it.
 *
 *   BUNDLE_OUT   the folder the tarball is written to (default: the project folder)
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { embeddedBinaries, hydrateSymlinks } from '../src/db/embedded';

const ROOT = path.join(__dirname, '..');

/** What a bundle is called: the version and the platform its binaries are for. */
export function bundleName(version: string): string {
  return `power-catalog-${version}-${process.platform}-${process.arch}`;
}

/**
 * What goes into the bundle, relative to the project: the built code and the production
 * packages of the lockfile (`include`), and the dev-only packages nested inside those (`exclude`).
 */
export function bundleContents(
  lock: { packages: Record<string, { dev?: boolean }> },
  exists: (rel: string) => boolean,
): { include: string[]; exclude: string[] } {
  const packages = Object.entries(lock.packages).filter(([key]) => key && exists(key));
  const topLevel = (key: string) => key.lastIndexOf('node_modules/') === 0;
  return {
    include: [
      ...['dist', 'package.json', 'package-lock.json', 'README.md'].filter(exists),
      ...packages.filter(([key, p]) => !p.dev && topLevel(key)).map(([key]) => key),
    ],
    exclude: packages.filter(([key, p]) => p.dev && !topLevel(key)).map(([key]) => key),
  };
}

function main(): void {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const out = path.resolve(process.env.BUNDLE_OUT || ROOT);
  const name = bundleName(version);
  // the build the README's `npm start` runs (the web console's too, when package.json has it)
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  // the library symlinks a skipped postinstall leaves out, so the tarball carries them
  hydrateSymlinks(embeddedBinaries().nativeDir);

  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const { include, exclude } = bundleContents(lock, (rel) => existsSync(path.join(ROOT, rel)));
  const work = mkdtempSync(path.join(tmpdir(), 'pc-bundle-'));
  try {
    const list = path.join(work, 'files');
    writeFileSync(list, include.join('\n') + '\n');
    mkdirSync(out, { recursive: true });
    const tarball = path.join(out, `${name}.tar.gz`);
    // straight from the project, every path under one folder named after the bundle
    execFileSync(
      'tar',
      [
        '-czf',
        tarball,
        '-C',
        ROOT,
        `--transform=s,^,${name}/,S`, // not symlink targets: the libraries link relatively
        ...exclude.map((e) => `--exclude=${e}`),
        '--exclude=node_modules/.bin',
        '--exclude=node_modules/.cache',
        '-T',
        list,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const mb = (statSync(tarball).size / 1024 / 1024).toFixed(0);
    console.log(`${tarball} (${mb} MB)`);
    console.log(
      `on the other machine: tar xzf ${name}.tar.gz && cd ${name} && node dist/src/main.js`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
