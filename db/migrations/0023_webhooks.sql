CREATE TABLE "webhook_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"delivery_id" bigint NOT NULL,
	"response_status" smallint,
	"response_body" text,
	"error" text,
	"duration_ms" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"endpoint_id" integer NOT NULL,
	"message_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_response_status" smallint,
	"last_response_body" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_status_check" CHECK ("webhook_deliveries"."status" in ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_endpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"last_success_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_attempts" ADD CONSTRAINT "webhook_attempts_delivery_id_webhook_deliveries_id_fk" FOREIGN KEY ("delivery_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_attempts_delivery_id_index" ON "webhook_attempts" USING btree ("delivery_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_id_created_at_index" ON "webhook_deliveries" USING btree ("endpoint_id","created_at");--> statement-breakpoint
-- An event for the webhook endpoints (lib/webhooks/emit.ts calls it; so does the low-stock trigger below):
-- one delivery per enabled endpoint subscribed to the type, all under one message id (the webhook-id
-- header), each with its first deliver_webhook job added the way enqueueJob (lib/jobs/queue.ts) adds
-- one, in the caller's transaction. The body is fixed here so every attempt signs the same bytes.
-- DELIVER_JOB_ATTEMPTS (lib/webhooks/deliver.ts): the delivery schedules its own retries; the job's are for a
-- run that failed before recording its attempt (the database gone meanwhile).
CREATE FUNCTION "webhook_emit"(event_type text, event_data jsonb) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
	message text := 'msg_' || replace(gen_random_uuid()::text, '-', '');
	queued int;
BEGIN
	WITH delivery AS (
		INSERT INTO "webhook_deliveries" ("endpoint_id", "message_id", "event_type", "payload", "next_attempt_at")
		SELECT "id", message, event_type, jsonb_build_object('type', event_type,
			'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', event_data), now()
		FROM "webhook_endpoints" WHERE "enabled" AND event_type = ANY("events")
		RETURNING "id"
	), event AS (
		INSERT INTO "job_events" ("event_key", "task")
		SELECT 'webhook:' || "id" || ':1', 'deliver_webhook' FROM delivery
		RETURNING "event_key"
	)
	SELECT count(graphile_worker.add_job('deliver_webhook',
		json_build_object('deliveryId', split_part("event_key", ':', 2)::bigint, 'attempt', 1),
		max_attempts := 3, job_key := "event_key"))
	INTO queued FROM event;
	RETURN queued;
END
$$;
--> statement-breakpoint
-- inventory.low_stock: every stock change updates the variant's one inventory row (see the stock_alerts
-- trigger), so this trigger sees available stock (on_hand - reserved) cross from above the threshold to
-- at or below it — once per crossing, not on every sale below it; the row lock serialises concurrent
-- sales, so only one of them sees the crossing. The threshold is LOW_STOCK_THRESHOLD, which lib/db.ts
-- passes to every connection as store.low_stock_threshold (3, its default, when a connection has none).
CREATE FUNCTION "webhook_low_stock"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	threshold int := coalesce(nullif(current_setting('store.low_stock_threshold', true), '')::int, 3);
	sent int;
BEGIN
	IF OLD."on_hand" - OLD."reserved" > threshold AND NEW."on_hand" - NEW."reserved" <= threshold THEN
		SELECT "webhook_emit"('inventory.low_stock', jsonb_build_object('sku', v."sku", 'variantId', v."id",
			'productId', v."product_id", 'available', NEW."on_hand" - NEW."reserved", 'threshold', threshold))
		INTO sent FROM "variants" v WHERE v."id" = NEW."variant_id";
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "webhook_low_stock" AFTER UPDATE OF "on_hand", "reserved" ON "inventory"
	FOR EACH ROW EXECUTE FUNCTION "webhook_low_stock"();
