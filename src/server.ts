import { randomUUID } from 'node:crypto';
import {
  createServer as createHttp,
  type RequestListener,
  type Server as HttpServer,
} from 'node:http';

import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  type GraphQLFormattedError,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { ExpensiveFieldsRule } from './common/expensive-fields';
import { InputLiteralsRule, inputError, variableProblems } from './common/input-guard';
import { operationGate, type GateOptions } from './common/operation-gate';
import { CLIENT_REQUEST_ID, clientRequestIdOf, requestIdOf } from './common/request-id';
import type { TrustProxy } from './config';
import { createContext, type Context } from './context';
import {
  AppError,
  BadInputError,
  ErrorCode,
  isDatabaseOutage,
  RETRY_AFTER_SECONDS,
  ServiceUnavailableError,
} from './errors';
import { fastPath } from './graphql/fast-path';
import { frontState, graphqlFront } from './graphql/front';
import { rankingExportHandler, scorecardExportHandler } from './modules/assessment/export.route';
import {
  catalogExportHandler,
  catalogImportHandler,
} from './modules/spreadsheet/spreadsheet.route';
import { getSchema } from './schema';
import type { Services } from './services';
import { webRoutes } from './web-assets';

export interface ServerOptions {
  ds: DataSource;
  services: Services;
  log: Logger;
  production: boolean;
  /** the explorer at /explorer and introspection; defaults to !production */
  explorer?: boolean;
  /** where the built console is; see defaultWebDir() */
  webDir?: string;
  /** whether migrations are done and the database answers; /readyz reports it */
  isReady?: () => boolean;
  /** answer the hot reads by one compiled statement (src/graphql/fast-path.ts); default true */
  fastPath?: boolean;
  /** the operation gate (MAX_CONCURRENT_OPERATIONS, OPERATION_QUEUE_MS); defaults in GATE */
  gate?: Partial<GateOptions>;
  /** express's `trust proxy` (TRUST_PROXY); default false: X-Forwarded-For is ignored */
  trustProxy?: TrustProxy;
}

/** The operation gate's defaults: sized for a 2-core machine (README, "Bounded under load"). */
export const GATE: GateOptions = {
  maxConcurrent: 16,
  queueMs: 2000,
  maxQueued: 2000,
  retryAfterSeconds: 5,
};

/**
 * The HTTP server of an app: a request whose headers or body have not all arrived after
 * `requestTimeoutMs` is cut (408 and the socket closed), so a client trickling bytes cannot hold
 * a socket for long. Checked every second at most.
 */
export function createHttpServer(app: RequestListener, requestTimeoutMs: number): HttpServer {
  return createHttp(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
    },
    app,
  );
}

/** Limits on every operation (graphql-armor): depth, cost, aliases, tokens, directives. */
export const LIMITS = {
  maxDepth: 12,
  maxCost: 20000,
  maxAliases: 20,
  maxTokens: 5000,
  maxDirectives: 20,
  bodyLimit: '2mb',
  /** bodyLimit in bytes, as body-parser reads it (the bare front's bound) */
  bodyLimitBytes: 2 * 1024 * 1024,
} as const;

/**
 * PostgreSQL errors that are the client's doing, not the server's, and the outage (503). The
 * 22xxx data exceptions are a backstop: the input guard refuses such text and ids first.
 */
function fromPostgres(err: unknown): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (code === '23505' || code === '23P01')
    return new AppError(ErrorCode.CONFLICT, '数据冲突：记录已存在或已被他人修改，请刷新后重试');
  if (code === '40001' || code === '40P01')
    return new AppError(ErrorCode.CONFLICT, '并发冲突，请重试');
  if (typeof code === 'string' && /^22(P02|021|P05|003|008|007|001)$/.test(code))
    return new BadInputError('输入值无效（格式、字符或数值范围）');
  if (isDatabaseOutage(err)) return new ServiceUnavailableError();
  return null;
}

/** Suggestions ("Did you mean …", "[Suggestion hidden]") tell a stranger the schema: off in production. */
function withoutSuggestions(message: string): string {
  return message
    .replace(/\s*Did you mean [^?]*\?/g, '')
    .replace(/\s*\[Suggestion hidden\]\??/g, '');
}

/**
 * Keeps what a client may see: AppErrors and GraphQL's own request errors pass; anything else is
 * masked to INTERNAL_SERVER_ERROR with no message detail, stack, SQL or path.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  let original = unwrapResolverError(error);
  // a validation rule's or a scalar's AppError arrives wrapped (Apollo's ValidationError)
  const inner = (original as { originalError?: unknown })?.originalError;
  if (!(original instanceof AppError) && inner instanceof AppError) original = inner;
  if (original instanceof AppError) {
    if (original.code === ErrorCode.INTERNAL_SERVER_ERROR) return masked(formatted);
    // `http` (status, headers) is for Apollo's response, not the client's error
    const { http: _http, ...extensions } = original.extensions;
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions,
    };
  }
  const pg = fromPostgres(original) ?? fromPostgres(inner);
  if (pg) return { message: pg.message, path: formatted.path, extensions: { code: pg.code } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return masked(formatted);
}

/** formatError, and in production no suggestion of any kind in a message. */
export function errorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const out = formatError(formatted, error);
    return production ? { ...out, message: withoutSuggestions(out.message) } : out;
  };
}

/** Codes of a request refused before it ran: the client's mistake, HTTP 400. */
const REFUSED = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * SERVICE_UNAVAILABLE for a request refused before Apollo's plugins run (the context): its
 * status and Retry-After ride in `extensions.http`, which Apollo applies and strips.
 */
function unavailable(): GraphQLError {
  const e = new ServiceUnavailableError();
  return new GraphQLError(e.message, {
    originalError: e,
    extensions: {
      ...e.extensions,
      http: { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/**
 * The HTTP status says what the errors say: 503 with Retry-After when the database is
 * unreachable; 400 when the request was refused before it ran (no `data`): syntax, validation,
 * limits, bad variables.
 */
function httpStatus(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const codes = (result.errors ?? []).map((e) => String(e.extensions?.code ?? ''));
          if (codes.includes(ErrorCode.SERVICE_UNAVAILABLE)) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          } else if (!('data' in result) && codes.length && codes.every((c) => REFUSED.has(c))) {
            response.http.status = 400;
          }
        },
      };
    },
  };
}

/**
 * The input guard's per-request half: variables checked by their declared types (ids are UUIDs,
 * texts carry no control characters or lone surrogates) before anything executes.
 */
function inputGuard(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, request }) {
          if (!operation) return;
          const problems = variableProblems(schema, operation, request.variables);
          if (problems.length) throw inputError(problems);
        },
      };
    },
  };
}

function masked(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: '服务器内部错误，请联系管理员并提供请求编号',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Logs internal errors with their stack and request id, and gives the client the request id. */
function errorLogging(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        // a mutation is what the audit records: its line carries the audit's request id (the
        // server's) and the client's x-request-id beside it; never variables or the document
        async didResolveOperation({ operation, operationName, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const fields = operation.selectionSet.selections.map((s) =>
            s.kind === 'Field' ? s.name.value : s.kind,
          );
          contextValue.log.info({ operationName, fields }, 'mutation');
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const e of errors) {
            const original = unwrapResolverError(e);
            const known =
              original instanceof AppError && original.code !== ErrorCode.INTERNAL_SERVER_ERROR;
            if (!known && !fromPostgres(original) && !e.extensions?.code) {
              log.error(
                { err: original, requestId: contextValue?.requestId, path: e.path },
                'internal error',
              );
            } else if (
              !known &&
              !fromPostgres(original) &&
              e.extensions.code === 'INTERNAL_SERVER_ERROR'
            ) {
              log.error(
                { err: original, requestId: contextValue?.requestId, path: e.path },
                'internal error',
              );
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) {
            if (e.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              (e.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}

/** How every document is parsed: graphql's parser refuses more than LIMITS.maxTokens tokens. */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: LIMITS.maxTokens };

/**
 * Validation rules of this service beside graphql's own and graphql-armor's (depth, cost,
 * aliases, directives): every literal input is checked by the input guard, and the expensive
 * fields (ranking, scorecards) have a budget of their own.
 */
export const VALIDATION_RULES: ValidationRule[] = [InputLiteralsRule, ExpensiveFieldsRule];

/** Body-parser's refusals, by its `type`, as the contract's JSON errors. */
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': '请求体不是有效的 JSON',
  'entity.too.large': `请求体超过上限 ${LIMITS.bodyLimit}`,
  'encoding.unsupported': '不支持的请求体编码',
  'charset.unsupported': '不支持的字符集，请使用 UTF-8',
  'entity.verify.failed': '请求体无效',
  'request.size.invalid': '请求体长度与 Content-Length 不符',
  'request.aborted': '请求体未发送完整',
};

/** JSON `{ errors: [{ message, extensions: { code } }] }`, the contract's shape for HTTP errors. */
function sendJsonError(
  res: express.Response,
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (res.headersSent) return;
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/**
 * The last word on any error express sees (body-parser's, a route's): JSON in every mode, never
 * express's HTML page with its stack. A body that did not parse is never logged: it may hold a
 * password.
 */
function jsonErrors(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { type?: unknown; status?: unknown; statusCode?: unknown };
    const status = Number(e.status ?? e.statusCode);
    const type = typeof e.type === 'string' ? e.type : '';
    const requestId = requestIdOf(res);
    if (status >= 400 && status < 500) {
      log.info({ requestId, type, status, url: req.path }, 'request refused');
      sendJsonError(res, status, ErrorCode.BAD_USER_INPUT, BODY_ERRORS[type] ?? '请求无效');
      return;
    }
    if (isDatabaseOutage(err)) {
      res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
      sendJsonError(res, 503, ErrorCode.SERVICE_UNAVAILABLE, new ServiceUnavailableError().message);
      return;
    }
    log.error({ err, requestId, url: req.path }, 'internal error');
    sendJsonError(
      res,
      500,
      ErrorCode.INTERNAL_SERVER_ERROR,
      '服务器内部错误，请联系管理员并提供请求编号',
      {
        requestId,
      },
    );
  };
}

/** Every request gets the server's own id (audit, logs, the x-request-id answer); a client's
 * x-request-id is kept beside it, for the logs only. */
function requestIds(): RequestHandler {
  return (req, res, next) => {
    // the bare front, when it saw the request first, already gave it its id
    const id = frontState(req)?.requestId ?? randomUUID();
    res.locals.requestId = id;
    const client = req.header('x-request-id');
    if (client) res.locals[CLIENT_REQUEST_ID] = client.slice(0, 128);
    res.setHeader('x-request-id', id);
    next();
  };
}

/** How long /healthz and /readyz wait for the database's answer before saying it has none. */
export const HEALTH_TIMEOUT_MS = 2000;

/** Whether the database answers `SELECT 1` within HEALTH_TIMEOUT_MS. */
async function databaseAnswers(ds: DataSource): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
  });
  const answer = ds.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP app: health endpoints and /graphql. Tests build it with their own database. */
export async function createServer(opts: ServerOptions) {
  const { ds, services, log, production } = opts;
  const explorer = opts.explorer ?? !production;
  const schema = await getSchema();
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    costLimit: { maxCost: LIMITS.maxCost },
    maxAliases: { n: LIMITS.maxAliases },
    // graphql's own parser counts tokens (PARSE_OPTIONS): a refusal is then a syntax error, 400
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives },
    // errorFormatter strips every suggestion in production, enum values included
    blockFieldSuggestion: { enabled: false },
  });
  const protection = armor.protect();
  const introspection = !production || explorer;
  const apollo = new ApolloServer<Context>({
    schema,
    introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError: errorFormatter(production),
    // Apollo's own warnings go through the same logger, redaction included
    logger: log,
    parseOptions: PARSE_OPTIONS,
    plugins: [
      ...protection.plugins,
      inputGuard(),
      errorLogging(log),
      httpStatus(),
      // Apollo's landing page loads from a CDN: the explorer at /explorer is bundled instead
      ApolloServerPluginLandingPageDisabled(),
    ],
    validationRules: [...protection.validationRules, ...VALIDATION_RULES],
  });
  await apollo.start();

  const fast =
    opts.fastPath === false
      ? null
      : fastPath({
          schema,
          ds,
          auth: services.auth,
          validationRules: [
            ...protection.validationRules,
            ...VALIDATION_RULES,
            ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
          ],
          maxTokens: LIMITS.maxTokens,
        });

  // scheduled versions: the power rows follow what is in force before anything reads them
  await services.schedule.load();
  const app = express();
  app.disable('x-powered-by');
  // req.ip, the client address of the login throttle and the audit: the socket's unless proxies
  // are trusted (TRUST_PROXY), so a forged X-Forwarded-For changes nothing by default
  app.set('trust proxy', opts.trustProxy ?? false);
  app.use(requestIds());
  // both say not-ok (503) while the database does not answer, and ok again once it does (a pool
  // reconnects by itself; an embedded cluster is restarted by its supervisor); before the
  // schedule's middleware, which needs the database
  app.get('/healthz', async (_req, res) => {
    if (await databaseAnswers(ds)) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'database unavailable' });
  });
  app.get('/readyz', async (_req, res) => {
    if (opts.isReady && !opts.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    if (!(await databaseAnswers(ds))) {
      res.status(503).json({ status: 'database unavailable' });
      return;
    }
    const calendar = await services.calendar.horizonWarning().catch(() => null);
    res.json({ status: 'ready', ...(calendar ? { warnings: [calendar] } : {}) });
  });
  app.use((_req, _res, next) => {
    services.schedule.promoteDue().then(() => next(), next);
  });
  app.use(webRoutes({ explorer, webDir: opts.webDir }));
  // what executes operations waits its turn; health, readiness and the console's files do not
  const gateOptions = { ...GATE, ...opts.gate };
  const gate = operationGate(gateOptions);
  // a request the bare front passes on may already hold its place
  app.use(['/graphql', '/export', '/import'], (req, res, next) => {
    if (frontState(req)?.admitted) next();
    else gate(req, res, next);
  });
  app.get('/export/scorecard.xlsx', scorecardExportHandler({ services, log, ds }));
  app.get('/export/catalog.xlsx', catalogExportHandler({ services, log }));
  app.post('/import/catalog.xlsx', catalogImportHandler({ services, log }));
  app.get('/export/ranking.xlsx', rankingExportHandler({ services, log }));
  const json = express.json({ limit: LIMITS.bodyLimit });
  app.use(
    '/graphql',
    // a body the bare front read is parsed already (req.body), or refused as body-parser would
    (req, res, next) => {
      const front = frontState(req);
      if (!front?.read) json(req, res, next);
      else next(front.error);
    },
    fast
      ? (req, res, next) => {
          if (frontState(req)?.tried) next();
          else fast(req, res, next);
        }
      : (_req, _res, next) => next(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = requestIdOf(res);
        const clientRequestId = clientRequestIdOf(res);
        const base = {
          requestId,
          ds,
          log: log.child({ requestId, ...(clientRequestId ? { clientRequestId } : {}) }),
          services,
          user: null,
          scope: null,
          clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        };
        const header = req.header('authorization');
        if (!header) return createContext(base);
        const token = header.replace(/^Bearer\s+/i, '');
        try {
          const who = await services.auth.authenticate(token);
          return createContext({ ...base, user: who.user, scope: who.scope, token: who.token });
        } catch (err) {
          // an unreachable database is no refused token: the request cannot be answered now
          if (isDatabaseOutage(err)) throw unavailable();
          return createContext({ ...base, authError: err as Error });
        }
      },
    }),
  );
  app.use((_req, res) => {
    sendJsonError(res, 404, ErrorCode.NOT_FOUND, '没有这个地址');
  });
  app.use(jsonErrors(log));
  // the bare front answers what the compiled path can before express sees it
  const front = fast
    ? graphqlFront({
        app,
        fast,
        gate,
        maxConcurrent: gateOptions.maxConcurrent,
        before: () => services.schedule.promoteDue(),
        bodyLimit: LIMITS.bodyLimitBytes,
      })
    : null;
  return { app: (front ?? app) as RequestListener, express: app, front, apollo, fastPath: fast };
}
