import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Client } from 'pg';

/**
 * The two database roles (README, "Database roles"): migrations run as the owner of the schema;
 * the running service connects as a role that may read and write data and nothing else. It owns
 * no table, so it cannot switch a trigger off or alter a table, it is no superuser, and it has no
 * UPDATE, DELETE or TRUNCATE on the append-only history: the audit and history rules hold even
 * from the service's own connection.
 */

/** The service's role on the embedded PostgreSQL (and the default name for an external one). */
export const SERVICE_ROLE = 'power_catalog_app';

/** Append-only tables: the service may read and insert, never change or remove a row. */
export const APPEND_ONLY_TABLES = [
  'audit_entry',
  'power_version_basis',
  'power_status_change',
  'region_coding_rule',
] as const;

/** Tables whose rows the service never removes (power_version: closing `valid_to` is its update). */
const NO_DELETE_TABLES = ['power_version'] as const;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The same URL with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Run as the owner, after the migrations: creates the service role when missing (LOGIN, no
 * superuser, no CREATEDB/CREATEROLE), sets its password, and grants it data access on every
 * table of the database `ownerUrl` names, minus changes to the history. Idempotent; run at every
 * start, so tables a new migration adds are granted too.
 */
export async function ensureServiceRole(
  ownerUrl: string,
  role: string,
  password: string | null,
): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const r = ident(role);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0 && password !== null) {
      try {
        await client.query(
          `CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
        );
      } catch (err) {
        // another replica created it at the same moment
        if ((err as { code?: string }).code !== '42710') throw err;
      }
    }
    if (password !== null) {
      // a literal: ALTER ROLE takes no parameters
      const literal = `'${password.replace(/'/g, "''")}'`;
      await client.query(`ALTER ROLE ${r} WITH PASSWORD ${literal}`);
    }
    const [{ db }] = (await client.query('SELECT current_database() AS db')).rows;
    await client.query(`GRANT CONNECT ON DATABASE ${ident(db)} TO ${r}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    );
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${r}`);
    const existing = new Set(
      (
        await client.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)`,
          [[...APPEND_ONLY_TABLES, ...NO_DELETE_TABLES]],
        )
      ).rows.map((x: { tablename: string }) => x.tablename),
    );
    for (const table of APPEND_ONLY_TABLES.filter((t) => existing.has(t))) {
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${ident(table)} FROM ${r}`);
    }
    for (const table of NO_DELETE_TABLES.filter((t) => existing.has(t))) {
      await client.query(`REVOKE DELETE, TRUNCATE ON ${ident(table)} FROM ${r}`);
    }
    const migrations = await client.query(`SELECT to_regclass('public.migrations') AS t`);
    if (migrations.rows[0].t)
      await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "migrations" FROM ${r}`);
  } finally {
    await client.end();
  }
}

/**
 * The two URLs of a start: the owner's (migrations, grants) and the service's, and the role the
 * grants go to. Embedded: the cluster's superuser, and SERVICE_ROLE with a password kept in
 * DATA_DIR (made the first time). External: DATABASE_URL is the service's role and
 * DATABASE_OWNER_URL the owner's, which grants to it; without an owner URL both are DATABASE_URL
 * and nothing is granted (one role: the README says why two are better).
 */
export function databaseRoles(
  url: string,
  opts: { embedded: boolean; ownerUrl: string | null; dataDir: string },
): { ownerUrl: string; serviceUrl: string; grantTo: string | null; password: string | null } {
  if (opts.embedded) {
    const password = servicePassword(opts.dataDir);
    const serviceUrl = withCredentials(url, SERVICE_ROLE, password);
    return { ownerUrl: url, serviceUrl, grantTo: SERVICE_ROLE, password };
  }
  if (!opts.ownerUrl) return { ownerUrl: url, serviceUrl: url, grantTo: null, password: null };
  const user = decodeURIComponent(new URL(url).username);
  return { ownerUrl: opts.ownerUrl, serviceUrl: url, grantTo: user || null, password: null };
}

/** The embedded service role's password, from DATA_DIR, made there the first time. */
function servicePassword(dataDir: string): string {
  const file = path.join(dataDir, 'db-service-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(24).toString('base64url');
  writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}
