import { existsSync } from 'node:fs';
import path from 'node:path';

import express, { type Router } from 'express';

/** Where `npm run build` puts the console and the explorer (vite, from `web/`). */
export function defaultWebDir(): string {
  // src/ when run from the sources, dist/src/ when built: the package root is the first folder
  // above with a package.json
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  return path.join(dir, 'dist', 'web');
}

export interface WebOptions {
  /** the built assets; defaultWebDir() unless given */
  webDir?: string;
  /** serve the GraphQL explorer at /explorer */
  explorer: boolean;
}

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>控制台未构建</title>' +
  '<p>控制台尚未构建：请先运行 <code>npm run build</code>（或 <code>npm start</code>）。</p>';
const EXPLORER_OFF =
  '<!doctype html><meta charset="utf-8"><title>调试器未开启</title>' +
  '<p>GraphQL 调试器在生产环境默认关闭；管理员可设置 <code>EXPLORER=true</code> 后重启服务开启。</p>';

/**
 * The web console at / and the GraphQL explorer at /explorer: files built into the package, so
 * a browser in an isolated network needs nothing but this service. Hashed assets are cached for
 * a year; the pages themselves are revalidated.
 */
export function webRoutes(opts: WebOptions): Router {
  const dir = opts.webDir ?? defaultWebDir();
  const router = express.Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(full);
  };
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
    }),
  );
  router.get(['/explorer', '/explorer/'], (req, res) => {
    if (!opts.explorer) {
      res.status(404).type('html').send(EXPLORER_OFF);
      return;
    }
    page('explorer/index.html')(req, res);
  });
  router.get('/', page('index.html'));
  router.get('/favicon.svg', page('favicon.svg'));
  return router;
}
