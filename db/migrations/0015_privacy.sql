CREATE TABLE "data_requests" (
	"id" text PRIMARY KEY DEFAULT 'dr_' || replace(gen_random_uuid()::text, '-', '') NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"subject_email" text NOT NULL,
	"subject_user_id" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"actor" text NOT NULL,
	CONSTRAINT "data_requests_kind_check" CHECK ("data_requests"."kind" in ('export', 'erasure')),
	CONSTRAINT "data_requests_channel_check" CHECK ("data_requests"."channel" in ('self_service', 'staff'))
);
--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "anonymised_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "data_requests_requested_at_index" ON "data_requests" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "orders_retention_idx" ON "orders" USING btree ("placed_at") WHERE anonymised_at is null;