import { randomUUID } from 'node:crypto';

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import { NoSchemaIntrospectionCustomRule, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { createContext, type Context } from './context';
import { AppError, ErrorCode } from './errors';
import { fastPath } from './graphql/fast-path';
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
}

/** Limits on every operation (graphql-armor): depth, cost, aliases, tokens, directives. */
export const LIMITS = {
  maxDepth: 12,
  maxCost: 20000,
  maxAliases: 20,
  maxTokens: 5000,
  maxDirectives: 20,
  bodyLimit: '2mb',
} as const;

/** PostgreSQL errors that are the client's doing, not the server's. */
function fromPostgres(err: unknown): AppError | null {
  const code = (err as { code?: unknown })?.code;
  if (code === '23505' || code === '23P01')
    return new AppError(ErrorCode.CONFLICT, '数据冲突：记录已存在或已被他人修改，请刷新后重试');
  if (code === '40001' || code === '40P01')
    return new AppError(ErrorCode.CONFLICT, '并发冲突，请重试');
  return null;
}

/**
 * Keeps what a client may see: AppErrors and GraphQL's own request errors pass; anything else is
 * masked to INTERNAL_SERVER_ERROR with no message detail, stack, SQL or path.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    if (original.code === ErrorCode.INTERNAL_SERVER_ERROR) return masked(formatted);
    return {
      message: original.message,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { ...original.extensions },
    };
  }
  const pg = fromPostgres(original);
  if (pg) return { message: pg.message, path: formatted.path, extensions: { code: pg.code } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return masked(formatted);
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

/** The HTTP app: health endpoints and /graphql. Tests build it with their own database. */
export async function createServer(opts: ServerOptions) {
  const { ds, services, log, production } = opts;
  const explorer = opts.explorer ?? !production;
  const schema = await getSchema();
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    costLimit: { maxCost: LIMITS.maxCost },
    maxAliases: { n: LIMITS.maxAliases },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  const introspection = !production || explorer;
  const apollo = new ApolloServer<Context>({
    schema,
    ...protection,
    introspection,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    formatError,
    plugins: [
      ...protection.plugins,
      errorLogging(log),
      // Apollo's landing page loads from a CDN: the explorer at /explorer is bundled instead
      ApolloServerPluginLandingPageDisabled(),
    ],
    validationRules: [...protection.validationRules],
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
            ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]),
          ],
          maxTokens: LIMITS.maxTokens,
        });

  // scheduled versions: the power rows follow what is in force before anything reads them
  await services.schedule.load();
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, _res, next) => {
    services.schedule.promoteDue().then(() => next(), next);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (opts.isReady && !opts.isReady()) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await ds.query('SELECT 1');
      const calendar = await services.calendar.horizonWarning().catch(() => null);
      res.json({ status: 'ready', ...(calendar ? { warnings: [calendar] } : {}) });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.use(webRoutes({ explorer, webDir: opts.webDir }));
  app.get('/export/scorecard.xlsx', scorecardExportHandler({ services, log, ds }));
  app.get('/export/catalog.xlsx', catalogExportHandler({ services, log }));
  app.post('/import/catalog.xlsx', catalogImportHandler({ services, log }));
  app.get('/export/ranking.xlsx', rankingExportHandler({ services, log }));
  app.use(
    '/graphql',
    express.json({ limit: LIMITS.bodyLimit }),
    fast ?? ((_req, _res, next) => next()),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = (req.header('x-request-id') || randomUUID()).slice(0, 64);
        res.setHeader('x-request-id', requestId);
        const base = {
          requestId,
          ds,
          log: log.child({ requestId }),
          services,
          user: null,
          scope: null,
        };
        const header = req.header('authorization');
        if (!header) return createContext(base);
        const token = header.replace(/^Bearer\s+/i, '');
        try {
          const { user, scope } = await services.auth.authenticate(token);
          return createContext({ ...base, user, scope });
        } catch (err) {
          return createContext({ ...base, authError: err as Error });
        }
      },
    }),
  );
  return { app, apollo, fastPath: fast };
}
