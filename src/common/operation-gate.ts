import type { RequestHandler } from 'express';

import { ErrorCode } from '../errors';

export interface GateOptions {
  /** operations executing at once */
  maxConcurrent: number;
  /** how long a request past the cap waits for a place before it is refused */
  queueMs: number;
  /** requests waiting at most; past this they are refused at once */
  maxQueued: number;
  /** the Retry-After a refused request gets, in seconds */
  retryAfterSeconds: number;
}

/**
 * A semaphore in front of the expensive routes: at most `maxConcurrent` requests execute at once;
 * others wait up to `queueMs` in arrival order, then get 503 SERVICE_UNAVAILABLE with Retry-After.
 * What bounds memory under a burst: a waiting request holds a socket, not a result.
 */
export function operationGate(opts: GateOptions): RequestHandler & { running(): number } {
  let running = 0;
  const queue: { admit: () => void; timer: NodeJS.Timeout }[] = [];

  const release = () => {
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    } else running -= 1;
  };

  const gate: RequestHandler = (_req, res, next) => {
    const admit = () => {
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        release();
      };
      res.once('finish', done);
      res.once('close', done);
      next();
    };
    if (running < opts.maxConcurrent) {
      running += 1;
      admit();
      return;
    }
    const refuse = () => {
      res.setHeader('retry-after', String(opts.retryAfterSeconds));
      res.status(503).json({
        errors: [
          {
            message: '服务繁忙，请稍后重试',
            extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
          },
        ],
      });
    };
    if (queue.length >= opts.maxQueued) {
      refuse();
      return;
    }
    const entry = {
      admit,
      timer: setTimeout(() => {
        const i = queue.indexOf(entry);
        if (i >= 0) queue.splice(i, 1);
        refuse();
      }, opts.queueMs),
    };
    queue.push(entry);
    // a client that gives up while waiting leaves the queue
    res.once('close', () => {
      const i = queue.indexOf(entry);
      if (i >= 0) {
        queue.splice(i, 1);
        clearTimeout(entry.timer);
      }
    });
  };
  return Object.assign(gate, { running: () => running });
}
