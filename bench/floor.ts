/**
 * The floor of `npm run bench:api`: a plain Node `http` server that answers each benchmarked shape
 * with one hand-written SQL statement through `pg`, PostgreSQL building the response JSON itself
 * (the way PostGraphile and Hasura compile a selection). Nothing a GraphQL server does is here:
 * no parsing, no validation, no resolvers, no authentication. It applies the same scope as the
 * service (a region's subtree, by path) so both read the same rows.
 *
 * Run as a child of bench/api.ts: `FLOOR_DATABASE_URL=… FLOOR_PORT=… FLOOR_SCOPE_PATH=…
 * FLOOR_SCOPE_REGION=…` (the scope's region path and id).
 */
import http from 'node:http';

import { Pool } from 'pg';

/**
 * The SQL of each shape; $1/$2 are the scope path and its subtree pattern, $3 a shape argument;
 * the page of powers takes the scope's region id alone ($1), since it reads the region's range of
 * power_scope (the powers under each region, in code order) as the service does: a floor that
 * matched paths would plan around the prefix's selectivity on every request and measure that.
 */
export const FLOOR_SQL: Record<string, string> = {
  powers: `
    SELECT json_build_object('data', json_build_object('powers', json_build_object('edges',
      coalesce(json_agg(json_build_object('node', json_build_object(
        'code', p.code, 'status', p.status,
        'unit', json_build_object('name', p.unit_name),
        'current', json_build_object('name', v.name, 'category', v.category,
          'legalBases', (SELECT coalesce(json_agg(json_build_object('articles', b.articles,
                                   'document', json_build_object('title',
                                     (SELECT d.title FROM legal_document d WHERE d.id = b.document_id)))
                                   ORDER BY b.ord), '[]')
                           FROM power_version_basis b WHERE b.version_id = v.id))
      )) ORDER BY p.code), '[]')))) AS body
    FROM (SELECT p.code, p.status, p.current_version_id, u.name AS unit_name
            FROM power_scope s JOIN power p ON p.id = s.power_id JOIN unit u ON u.id = p.unit_id
           WHERE s.region_id = $1
           ORDER BY s.code LIMIT 50) p
    JOIN power_version v ON v.id = p.current_version_id`,
  power: `
    SELECT json_build_object('data', json_build_object('power',
      (SELECT json_build_object('code', p.code, 'current', json_build_object('name', v.name))
         FROM power p JOIN unit u ON u.id = p.unit_id JOIN region r ON r.id = u.region_id
         JOIN power_version v ON v.id = p.current_version_id
        WHERE p.code = $3 AND (r.path = $1 OR r.path LIKE $2)))) AS body`,
  changeRequests: `
    SELECT json_build_object('data', json_build_object('changeRequests', json_build_object('edges',
      coalesce(json_agg(json_build_object('node', json_build_object(
        'id', c.id, 'kind', c.kind, 'status', c.status, 'late', c.late, 'dueOn', c.due_on,
        'power', CASE WHEN c.power_code IS NULL THEN NULL ELSE json_build_object('code', c.power_code) END,
        'unit', json_build_object('name', c.unit_name)
      )) ORDER BY c.created_at DESC, c.id DESC), '[]')))) AS body
    FROM (SELECT c.id, c.kind, c.status, c.late, c.due_on, c.created_at, u.name AS unit_name,
                 p.code AS power_code
            FROM change_request c JOIN unit u ON u.id = c.unit_id JOIN region r ON r.id = u.region_id
            LEFT JOIN power p ON p.id = c.power_id
           WHERE (r.path = $1 OR r.path LIKE $2)
           ORDER BY c.created_at DESC, c.id DESC LIMIT 20) c`,
  obligations: `
    SELECT json_build_object('data', json_build_object('obligations', json_build_object('edges',
      coalesce(json_agg(json_build_object('node', json_build_object(
        'id', o.id, 'cause', o.cause, 'dueOn', o.due_on, 'metOn', o.met_on,
        'power', json_build_object('code', o.power_code, 'status', o.power_status,
                                   'current', json_build_object('name', v.name))
      )) ORDER BY o.created_at DESC, o.id DESC), '[]')))) AS body
    FROM (SELECT o.id, o.cause, o.due_on, o.met_on, o.created_at, p.code AS power_code,
                 p.status AS power_status, p.current_version_id
            FROM obligation o JOIN unit u ON u.id = o.unit_id JOIN region r ON r.id = u.region_id
            JOIN power p ON p.id = o.power_id
           WHERE (r.path = $1 OR r.path LIKE $2)
           ORDER BY o.created_at DESC, o.id DESC LIMIT 20) o
    JOIN power_version v ON v.id = o.current_version_id`,
};

/** Leaves every value as the text PostgreSQL sent. */
const RAW = { getTypeParser: () => (v: string) => v } as never;

function main(): void {
  const url = process.env.FLOOR_DATABASE_URL;
  const port = Number(process.env.FLOOR_PORT);
  const scopePath = process.env.FLOOR_SCOPE_PATH;
  const scopeRegion = process.env.FLOOR_SCOPE_REGION;
  if (!url || !port || !scopePath || !scopeRegion) {
    console.error(
      'floor: FLOOR_DATABASE_URL, FLOOR_PORT, FLOOR_SCOPE_PATH and FLOOR_SCOPE_REGION are required',
    );
    process.exit(2);
  }
  const pool = new Pool({ connectionString: url, max: 10, application_name: 'bench-floor' });
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://floor');
    const shape = u.pathname.slice(1);
    const sql = FLOOR_SQL[shape];
    if (!sql) {
      res.writeHead(404).end();
      return;
    }
    const arg = u.searchParams.get('arg');
    const params =
      shape === 'powers'
        ? [scopeRegion]
        : sql.includes('$3')
          ? [scopePath, `${scopePath}/%`, arg]
          : [scopePath, `${scopePath}/%`];
    // drain the request body (autocannon sends the same one to both servers)
    req.resume();
    req.on('end', () => {
      pool
        // a prepared statement per shape; the JSON text goes out as PostgreSQL wrote it
        .query<{ body: string }>({ name: shape, text: sql, values: params, types: RAW })
        .then((r) => {
          res.writeHead(200, { 'content-type': 'application/json' }).end(r.rows[0].body);
        })
        .catch((e: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
        });
    });
  });
  server.listen(port, '127.0.0.1', () => process.send?.('listening'));
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

if (require.main === module) main();
