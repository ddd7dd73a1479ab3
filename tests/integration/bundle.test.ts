import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { version } from '../../package.json';
import { bundleName } from '../../scripts/bundle';
import { freePort, removeDataDir } from '../../src/db/embedded';

/**
 * `npm run bundle` makes one tarball that, unpacked into an empty folder, starts with `node`
 * alone: no npm, no registry, no project folder beside it, a PATH with nothing but node.
 */
const ROOT = path.join(__dirname, '..', '..');
let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'pc-bundle-test-'));
});
afterAll(() => {
  const dataDir = path.join(work, 'unpacked', readdirSync(path.join(work, 'unpacked'))[0], '.data');
  removeDataDir(dataDir);
  rmSync(work, { recursive: true, force: true });
});

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd, env, maxBuffer: 1 << 26 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    ),
  );
}

describe('npm run bundle', () => {
  it('makes a tarball that starts offline from an empty folder with node alone', async () => {
    const out = path.join(work, 'out');
    await run('npm', ['run', '-s', 'bundle'], { ...process.env, BUNDLE_OUT: out }, ROOT);
    const [tarball] = readdirSync(out);
    expect(tarball).toBe(`${bundleName(version)}.tar.gz`);

    const empty = path.join(work, 'unpacked');
    await run('mkdir', [empty], process.env, work);
    await run('tar', ['-xzf', path.join(out, tarball)], process.env, empty);
    const [folder] = readdirSync(empty);
    const home = path.join(empty, folder);
    expect(readdirSync(path.join(home, 'node_modules'))).not.toContain('jest');

    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: home,
      // nothing of this machine's setup: no npm, no registry, no NODE_PATH, no project folder
      env: {
        PATH: path.dirname(process.execPath),
        PORT: String(port),
        HOME: home,
        npm_config_registry: 'http://127.0.0.1:9/',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    try {
      const until = Date.now() + 150_000;
      let ready = false;
      while (!ready && Date.now() < until && child.exitCode === null) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 500));
      }
      expect({ ready, output: ready ? '' : output }).toEqual({ ready: true, output: '' });
      const login = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation { login(username: "kh_320400", password: "Demo@2026") { token } }',
        }),
      }).then((r) => r.json() as Promise<any>);
      expect(login.data.login.token).toEqual(expect.any(String));
      expect(output).toContain('demo users');
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    expect(child.exitCode).toBe(0);
  }, 420_000); // a build, a copy of the production dependencies, a tarball and a first start
});
