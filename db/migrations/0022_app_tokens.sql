CREATE TABLE "app_refresh_tokens" (
	"id" text PRIMARY KEY DEFAULT 'rt_' || replace(gen_random_uuid()::text, '-', '') NOT NULL,
	"family_id" text NOT NULL,
	"parent_id" text,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"spent_at" timestamp with time zone,
	CONSTRAINT "app_refresh_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "app_token_families" (
	"id" text PRIMARY KEY DEFAULT 'tf_' || replace(gen_random_uuid()::text, '-', '') NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "app_refresh_tokens" ADD CONSTRAINT "app_refresh_tokens_family_id_app_token_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."app_token_families"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_refresh_tokens" ADD CONSTRAINT "app_refresh_tokens_parent_id_app_refresh_tokens_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."app_refresh_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_token_families" ADD CONSTRAINT "app_token_families_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_refresh_tokens_family_id_index" ON "app_refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "app_token_families_user_id_index" ON "app_token_families" USING btree ("user_id");--> statement-breakpoint
-- A new password or an erased account ends every app sign-in of the user, whichever code path made the
-- change. A rehash of the same password (argon2 parameters raised) says so with `store.same_password`.
CREATE FUNCTION revoke_app_tokens_on_credentials_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('store.same_password', true), '') <> 'on' THEN
    UPDATE app_token_families SET revoked_at = now() WHERE user_id = NEW.id AND revoked_at IS NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_revoke_app_tokens AFTER UPDATE OF password_hash, erased_at ON users FOR EACH ROW
  WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash OR OLD.erased_at IS DISTINCT FROM NEW.erased_at)
  EXECUTE FUNCTION revoke_app_tokens_on_credentials_change();
