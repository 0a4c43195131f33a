CREATE TABLE "stock_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"variant_id" integer NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "stock_alerts_variantId_email_unique" UNIQUE("variant_id","email")
);
--> statement-breakpoint
ALTER TABLE "stock_alerts" ADD CONSTRAINT "stock_alerts_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_alerts" ADD CONSTRAINT "stock_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_alerts_variant_id_notified_at_index" ON "stock_alerts" USING btree ("variant_id","notified_at");--> statement-breakpoint
-- Back in stock: every change of a variant's stock, whatever its path (staff setting it, a cancelled or
-- expired order, a released cart hold, a restocked return, and any path added later), updates its one
-- inventory row, so this trigger is the one place that sees available stock (on_hand - reserved) go
-- from zero to above it, inside the transaction that made the change. It does what enqueueJob
-- (lib/jobs/queue.ts) does, in SQL: each waiting subscription is marked notified and gets one
-- send_stock_alert job under the event key "stock_alert:<id>", so it is emailed once and never again.
-- The row lock of the update serialises concurrent restocks: only the first sees the variant at zero.
-- 10 attempts: EMAIL_MAX_ATTEMPTS in lib/notifications/emails.ts.
CREATE FUNCTION "stock_alerts_back_in_stock"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE queued int;
BEGIN
	WITH due AS (
		UPDATE "stock_alerts" SET "notified_at" = now()
		WHERE "variant_id" = NEW."variant_id" AND "notified_at" IS NULL
		RETURNING "id"
	), event AS (
		INSERT INTO "job_events" ("event_key", "task")
		SELECT 'stock_alert:' || "id", 'send_stock_alert' FROM due
		ON CONFLICT ("event_key") DO NOTHING
		RETURNING "event_key"
	)
	SELECT count(graphile_worker.add_job('send_stock_alert',
		json_build_object('eventKey', "event_key", 'alertId', substr("event_key", 13)::bigint),
		max_attempts := 10, job_key := "event_key"))
	INTO queued FROM event;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "stock_alerts_back_in_stock" AFTER UPDATE OF "on_hand", "reserved" ON "inventory"
	FOR EACH ROW
	WHEN (OLD."on_hand" - OLD."reserved" <= 0 AND NEW."on_hand" - NEW."reserved" > 0)
	EXECUTE FUNCTION "stock_alerts_back_in_stock"();
--> statement-breakpoint
-- A variant without an inventory row has none in stock: its first row arriving with stock brings it back.
CREATE TRIGGER "stock_alerts_first_stock" AFTER INSERT ON "inventory"
	FOR EACH ROW
	WHEN (NEW."on_hand" - NEW."reserved" > 0)
	EXECUTE FUNCTION "stock_alerts_back_in_stock"();
