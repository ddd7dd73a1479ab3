import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import type { RequestHandler } from 'express';

import { acceptsJson, type FastPath } from './fast-path';

/**
 * The bare front (issue 11): a plain `http` request listener in front of express that answers a
 * POST /graphql the compiled path can answer without express's router, body-parser and
 * `res.send`: the same steps in the same order as express runs them — the server's request id,
 * the scheduled versions promoted, a place at the operation gate, the body read (within the same
 * limit) and parsed as body-parser parses it, the compiled path — and one `writeHead` + `end`.
 *
 * What it decides from the headers alone goes to express untouched: any other method or path, a
 * content type other than `application/json` (charset absent or UTF-8), a content encoding, no
 * Content-Length or one over the limit (express answers 413), no bearer token, an `accept` the
 * path leaves to Apollo, a full gate (express queues or refuses), a promotion that fails. Once it
 * has read the body, what it does not answer goes to express with the body already parsed
 * (`req.body`, and the request is finished, which body-parser takes as parsed) or with
 * body-parser's own error (400 `entity.parse.failed`, `request.aborted`), and with the id and the
 * gate's place it already has: express's steps skip what the front did (`frontState`).
 */

/** What the front did for a request it passed on to express. */
export interface FrontState {
  /** the server's id of the request (express's requestIds reuses it) */
  requestId: string;
  /** holds a place at the operation gate (express's gate lets it through) */
  admitted: boolean;
  /** the body is read: `req.body` holds it, or `error` says why not */
  read: boolean;
  /** the compiled path already declined it */
  tried: boolean;
  /** body-parser's refusal of the body, for express's error handler */
  error?: Error & { status: number; type: string };
}

const STATE = Symbol('graphql front');

/** What the front did for this request, when it saw it first. */
export function frontState(req: IncomingMessage): FrontState | undefined {
  return (req as IncomingMessage & { [STATE]?: FrontState })[STATE];
}

export interface FrontOptions {
  /** the express app: everything the front does not answer */
  app: RequestListener;
  fast: FastPath;
  /** the operation gate express runs on /graphql, and its cap */
  gate: RequestHandler & { running(): number };
  maxConcurrent: number;
  /** runs before anything reads the catalog (the schedule's promotion) */
  before: () => Promise<void>;
  /** body-parser's limit, in bytes */
  bodyLimit: number;
}

/** `application/json`, with no parameter but a UTF-8 charset: what body-parser reads as UTF-8. */
const JSON_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset=(?:utf-8|"utf-8")[ \t]*)?$/i;

/** body-parser's strict mode: a body starts with `{` or `[` after JSON whitespace. */
const FIRST_CHAR = /^[ \t\n\r]*([^ \t\n\r]|$)/;

function bodyError(status: number, type: string, message: string): FrontState['error'] {
  return Object.assign(new Error(message), { status, type });
}

/**
 * body-parser's JSON parse (strict, as express.json() runs it): an empty body is `{}`, anything
 * not starting with `{` or `[` or not JSON is a 400 `entity.parse.failed`. The text is decoded as
 * iconv-lite decodes UTF-8 (a leading BOM dropped).
 */
export function parseJsonBody(buf: Buffer): { body: unknown } | { error: FrontState['error'] } {
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return { body: {} };
  if (text[0] !== '{' && text[0] !== '[') {
    const first = FIRST_CHAR.exec(text)?.[1];
    if (first !== '{' && first !== '[')
      return { error: bodyError(400, 'entity.parse.failed', 'strict violation') };
  }
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: bodyError(400, 'entity.parse.failed', (e as Error).message) };
  }
}

/** Whether the front takes this request, from its headers alone. */
function candidate(req: IncomingMessage, limit: number): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const h = req.headers;
  if (!h.authorization || h['content-encoding'] !== undefined) return false;
  if (h['transfer-encoding'] !== undefined) return false;
  const type = h['content-type'];
  if (!type || !JSON_TYPE.test(type)) return false;
  const length = h['content-length'];
  if (length === undefined || !/^\d{1,10}$/.test(length) || Number(length) > limit) return false;
  return acceptsJson(h);
}

/** The listener, with how many requests it answered itself (tests read it). */
export type Front = RequestListener & { answered: number };

export function graphqlFront(opts: FrontOptions): Front {
  const { app, fast, gate } = opts;

  const pass = (req: IncomingMessage, res: ServerResponse, state?: FrontState) => {
    if (state) (req as IncomingMessage & { [STATE]?: FrontState })[STATE] = state;
    app(req, res);
  };

  const read = (req: IncomingMessage, res: ServerResponse, state: FrontState) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (error?: FrontState['error']) => {
      if (done) return;
      done = true;
      state.read = true;
      if (error) {
        state.error = error;
        pass(req, res, state);
        return;
      }
      const parsed = parseJsonBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      if ('error' in parsed) {
        state.error = parsed.error;
        pass(req, res, state);
        return;
      }
      (req as IncomingMessage & { body?: unknown }).body = parsed.body;
      fast.answer(parsed.body, req.headers, res, state.requestId).then(
        (answered) => {
          if (answered) {
            fast.answered++;
            front.answered++;
            return;
          }
          state.tried = true;
          pass(req, res, state);
        },
        () => {
          state.tried = true;
          if (!res.headersSent) pass(req, res, state);
        },
      );
    };
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => finish());
    // the client went away mid-body: body-parser's refusal (nobody reads the answer)
    req.once('aborted', () => finish(bodyError(400, 'request.aborted', 'request aborted')));
    req.once('error', () => finish(bodyError(400, 'request.aborted', 'request aborted')));
  };

  const front: Front = Object.assign(
    (req: IncomingMessage, res: ServerResponse) => {
      if (!candidate(req, opts.bodyLimit)) {
        app(req, res);
        return;
      }
      const state: FrontState = {
        requestId: randomUUID(),
        admitted: false,
        read: false,
        tried: false,
      };
      opts.before().then(
        () => {
          // the gate admits at once below its cap; past it, express's gate queues or refuses
          if (gate.running() >= opts.maxConcurrent) {
            pass(req, res, state);
            return;
          }
          gate(req as never, res as never, () => {
            state.admitted = true;
            read(req, res, state);
          });
        },
        () => pass(req, res, state),
      );
    },
    { answered: 0 },
  );
  return front;
}
