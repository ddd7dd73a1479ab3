import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login like a trusted system (issue 10, item 4): one account per username whatever its case,
 * a token epoch per user (changePassword revokes every token by moving it on), revoked tokens
 * (logout), and the failed-login counters of rate-limiter-flexible, created here because the
 * service's role has no DDL (the library's own CREATE TABLE is switched off).
 */
export class LoginTrust1764720000000 implements MigrationInterface {
  name = 'LoginTrust1764720000000';

  async up(q: QueryRunner): Promise<void> {
    // 'Admin' and 'admin' were two accounts: the oldest keeps the name, the others get a suffix
    // (audited, so an administrator can tell their users)
    // (a SELECT around the UPDATE: TypeORM answers an UPDATE with [rows, count], a SELECT with rows)
    const renamed: { id: string; before: string; after: string }[] = await q.query(`
      WITH ranked AS (
        SELECT id, username, row_number() OVER (PARTITION BY lower(username) ORDER BY created_at, id) AS n
        FROM app_user
      ), renamed AS (
        UPDATE app_user u SET username = left(r.username, 60) || '-' || r.n
        FROM ranked r WHERE u.id = r.id AND r.n > 1
        RETURNING u.id, r.username AS before, u.username AS after
      )
      SELECT * FROM renamed`);
    for (const r of renamed) {
      await q.query(
        `INSERT INTO audit_entry (operation, entity_ids, before, after) VALUES ('renameDuplicateUsername', ARRAY[$1::text], $2, $3)`,
        [r.id, JSON.stringify({ username: r.before }), JSON.stringify({ username: r.after })],
      );
    }
    await q.query(
      `CREATE UNIQUE INDEX "uq_app_user_username_ci" ON "app_user" (lower("username"))`,
    );
    await q.query(`ALTER TABLE "app_user" ADD "token_epoch" integer NOT NULL DEFAULT 0`);
    await q.query(
      `CREATE TABLE "revoked_token" ("jti" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_revoked_token" PRIMARY KEY ("jti"), CONSTRAINT "fk_revoked_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE)`,
    );
    await q.query(
      `CREATE INDEX "ix_revoked_token_user" ON "revoked_token" ("user_id", "expires_at")`,
    );
    // the layout RateLimiterPostgres expects (its _getCreateTableStmt), expire in ms since the epoch
    await q.query(
      `CREATE TABLE "login_throttle" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_login_throttle" PRIMARY KEY ("key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP TABLE "revoked_token"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "token_epoch"`);
    await q.query(`DROP INDEX "uq_app_user_username_ci"`);
  }
}
