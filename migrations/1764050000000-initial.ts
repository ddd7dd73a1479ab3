import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog: regions, units, users, legal documents, powers with their immutable versions,
 * bases and status history, and the audit log. Besides what the entities declare, the database
 * itself guards the history (see the triggers below) and indexes Chinese text search (pg_trgm).
 */
export class Initial1764050000000 implements MigrationInterface {
  name = 'Initial1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid, "operation" character varying(64) NOT NULL, "entity_ids" text array NOT NULL, "scope_path" text, "before" jsonb, "after" jsonb, "request_id" character varying(64), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_audit_entry_at" ON "audit_entry"  ("at") `);
    await q.query(
      `CREATE TABLE "region" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(6) NOT NULL, "name" character varying(100) NOT NULL, "level" character varying(16) NOT NULL, "parent_id" uuid, "path" text NOT NULL, "window_days" integer, "window_count" character varying(16), "window_measure" character varying(16), "coding_rule" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5f48ffc3af96bc486f5f3f3a6da" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_region_code" ON "region"  ("code") `);
    await q.query(`CREATE INDEX "ix_region_parent" ON "region"  ("parent_id") `);
    await q.query(
      `CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(100) NOT NULL, "region_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_unit_code" ON "unit"  ("code") `);
    await q.query(`CREATE INDEX "ix_unit_region" ON "unit"  ("region_id") `);
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "password_hash" text NOT NULL, "role" character varying(16) NOT NULL, "unit_id" uuid, "region_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_username" ON "app_user"  ("username") `);
    await q.query(
      `CREATE TABLE "legal_document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" text NOT NULL, "issuer" text NOT NULL, "level" character varying(32) NOT NULL, "promulgated_on" date NOT NULL, "effective_on" date, "repealed_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_950166ad59d051a80cad8337c76" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "power" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "unit_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "is_key" boolean NOT NULL DEFAULT false, "name" text NOT NULL, "category" character varying(16) NOT NULL, "current_version_id" uuid, "version_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b965296b9f26727d54a5a0620e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_power_code" ON "power"  ("code") `);
    await q.query(`CREATE INDEX "ix_power_status" ON "power"  ("status") `);
    await q.query(`CREATE INDEX "ix_power_category" ON "power"  ("category") `);
    await q.query(`CREATE INDEX "ix_power_unit_code" ON "power"  ("unit_id", "code") `);
    await q.query(
      `CREATE TABLE "power_status_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "power_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "change_request_id" uuid, "changed_by_id" uuid, CONSTRAINT "PK_662cb6fdf1ec4abdd824e605f37" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_power_status_change_asof" ON "power_status_change"  ("power_id", "at") `,
    );
    await q.query(
      `CREATE TABLE "power_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "power_id" uuid NOT NULL, "version_no" integer NOT NULL, "code" character varying(64) NOT NULL, "name" text NOT NULL, "category" character varying(16) NOT NULL, "is_key" boolean NOT NULL, "subject_unit_id" uuid NOT NULL, "subject_type" character varying(16) NOT NULL, "entrusting_party" text, "co_implementer_ids" uuid array NOT NULL DEFAULT '{}', "legal_time_limit_days" integer, "promised_time_limit_days" integer, "external_flow" jsonb, "internal_flow" jsonb, "discretion" jsonb, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_to" TIMESTAMP WITH TIME ZONE, "change_request_id" uuid, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_power_version_range" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from"), CONSTRAINT "ex_power_version_no_overlap" EXCLUDE USING gist ("power_id" WITH =, tstzrange("valid_from", "valid_to", '[)') WITH &&), CONSTRAINT "PK_711b92f10a200b034b34d26955f" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_power_version_open" ON "power_version"  ("power_id") WHERE valid_to IS NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_power_version_asof" ON "power_version"  ("power_id", "valid_from") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_power_version_no" ON "power_version"  ("power_id", "version_no") `,
    );
    await q.query(
      `CREATE TABLE "power_version_basis" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version_id" uuid NOT NULL, "ord" integer NOT NULL, "document_id" uuid NOT NULL, "articles" text NOT NULL, "excerpt" text, CONSTRAINT "PK_dcf4c396a096e35f38936ec6cfe" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "ix_power_version_basis_document" ON "power_version_basis"  ("document_id") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_power_version_basis_ord" ON "power_version_basis"  ("version_id", "ord") `,
    );
    await q.query(
      `ALTER TABLE "region" ADD CONSTRAINT "fk_region_parent" FOREIGN KEY ("parent_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "unit" ADD CONSTRAINT "fk_unit_region" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "fk_app_user_region" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power" ADD CONSTRAINT "fk_power_unit" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_status_change" ADD CONSTRAINT "fk_power_status_change_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_version" ADD CONSTRAINT "fk_power_version_power" FOREIGN KEY ("power_id") REFERENCES "power"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "power_version_basis" ADD CONSTRAINT "fk_power_version_basis_version" FOREIGN KEY ("version_id") REFERENCES "power_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE INDEX "ix_region_path" ON "region" ("path" text_pattern_ops)`);
    await q.query(`CREATE INDEX "ix_power_name_trgm" ON "power" USING gin ("name" gin_trgm_ops)`);
    await q.query(`CREATE INDEX "ix_power_code_trgm" ON "power" USING gin ("code" gin_trgm_ops)`);
    await q.query(
      `CREATE INDEX "ix_legal_document_title_trgm" ON "legal_document" USING gin ("title" gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX "ix_audit_entry_ids" ON "audit_entry" USING gin ("entity_ids")`);

    // Applied versions are immutable: the only UPDATE allowed closes the open version
    // (valid_to from NULL to an instant) and changes nothing else. No DELETE, ever.
    await q.query(`CREATE FUNCTION power_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL
     AND (to_jsonb(NEW) - 'valid_to') = (to_jsonb(OLD) - 'valid_to') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'power_version % is immutable (% refused)', OLD.id, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$`);
    await q.query(`CREATE TRIGGER trg_power_version_guard BEFORE UPDATE OR DELETE ON "power_version"
      FOR EACH ROW EXECUTE FUNCTION power_version_guard()`);
    // History tables are append-only.
    await q.query(`CREATE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$`);
    for (const table of ['power_version_basis', 'power_status_change', 'audit_entry']) {
      await q.query(`CREATE TRIGGER trg_${table}_append_only BEFORE UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION append_only_guard()`);
      await q.query(`CREATE TRIGGER trg_${table}_no_truncate BEFORE TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "power_version_basis" CASCADE`);
    await q.query(`DROP TABLE "power_version" CASCADE`);
    await q.query(`DROP TABLE "power_status_change" CASCADE`);
    await q.query(`DROP TABLE "power" CASCADE`);
    await q.query(`DROP TABLE "legal_document" CASCADE`);
    await q.query(`DROP TABLE "app_user" CASCADE`);
    await q.query(`DROP TABLE "unit" CASCADE`);
    await q.query(`DROP TABLE "region" CASCADE`);
    await q.query(`DROP TABLE "audit_entry" CASCADE`);
    await q.query(`DROP FUNCTION power_version_guard()`);
    await q.query(`DROP FUNCTION append_only_guard()`);
  }
}
