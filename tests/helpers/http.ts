import type { RequestListener } from 'node:http';
import { connect } from 'node:net';

import request from 'supertest';

/**
 * POST /graphql with a JSON body (`{ query, variables }`, or anything else a test sends) and the
 * bearer token when given: to an app in this process, or to a running server's base URL
 * (`http://127.0.0.1:PORT`). The supertest request, so a test reads status, headers and body.
 */
export function postGraphql(target: RequestListener | string, body: object, token?: string) {
  let req = request(target).post('/graphql').set('content-type', 'application/json');
  if (token) req = req.set('authorization', `Bearer ${token}`);
  return req.send(body);
}

/** A slow client on a raw socket: see `trickle`. */
export interface Trickle {
  /** how many characters of the trickled part have been sent so far */
  sent(): number;
  /** everything the server answered, once the connection is closed (by either side) */
  closed: Promise<string>;
  /** stops trickling and closes the socket */
  destroy(): void;
}

/**
 * Connects to 127.0.0.1:`port`, sends `head` at once and then `rest` one character every
 * `everyMs`: a client whose request (headers or body) arrives too slowly to ever finish.
 */
export function trickle(port: number, head: string, rest: string, everyMs: number): Trickle {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => {
      if (sent < rest.length && !socket.destroyed) socket.write(rest[sent++]);
    }, everyMs);
  });
  socket.on('data', (d) => (answer += d));
  socket.on('error', () => undefined);
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve(answer);
    }),
  );
  return {
    sent: () => sent,
    closed,
    destroy: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}
