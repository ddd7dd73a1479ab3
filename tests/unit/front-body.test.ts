import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';
import fc from 'fast-check';

import { parseJsonBody } from '../../src/graphql/front';

// The bare front reads a body itself and must take it exactly as express.json() (body-parser)
// takes it: the same value, or the same refusal. An app with nothing but express.json() says
// what body-parser makes of each body.
const app = express();
app.post('/', express.json({ limit: '2mb' }), (req, res) => {
  res.json({ body: req.body as unknown });
});
app.use(((err, _req, res, _next) => {
  res.status(Number(err.status)).json({ status: Number(err.status), type: String(err.type) });
}) as express.ErrorRequestHandler);

let server: Server;
beforeAll(
  () => new Promise<void>((resolve) => (server = app.listen(0, '127.0.0.1', () => resolve()))),
);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The bytes exactly as given (supertest would serialise a Buffer as JSON). */
function viaBodyParser(bytes: Buffer): Promise<unknown> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/json', 'content-length': bytes.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          const body = JSON.parse(text) as { body: unknown };
          resolve(res.statusCode === 200 ? { body: body.body } : { refused: body });
        });
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

function viaFront(bytes: Buffer) {
  const parsed = parseJsonBody(bytes);
  return 'error' in parsed
    ? { refused: { status: parsed.error!.status, type: parsed.error!.type } }
    : { body: parsed.body };
}

const whitespace = fc
  .array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\f'), { maxLength: 3 })
  .map((a) => a.join(''));

describe('the bare front parses a JSON body as body-parser does', () => {
  it('for the bodies a client sends: objects, lists, scalars, broken JSON, BOMs, whitespace', async () => {
    const text = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ query: '{ __typename }', v })),
      fc.string(),
      fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        whitespace,
        text,
        whitespace,
        async (bom, before, t, after) => {
          const bytes = Buffer.from((bom ? '\ufeff' : '') + before + t + after, 'utf8');
          expect(viaFront(bytes)).toEqual(await viaBodyParser(bytes));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('for the edge cases: empty, only whitespace, invalid UTF-8', async () => {
    for (const bytes of [
      Buffer.alloc(0),
      Buffer.from('   '),
      Buffer.from('\ufeff'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      Buffer.from('{"a": 1} x'),
      Buffer.from('[1, 2]'),
    ]) {
      expect(viaFront(bytes)).toEqual(await viaBodyParser(bytes));
    }
  });
});
