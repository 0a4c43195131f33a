CREATE TABLE "store_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "session" jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "paid_amount" bigint;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "installments" integer;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "provider_data" jsonb;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "failure_message" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "payment_id" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "provider" text DEFAULT 'stripe' NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Existing Stripe attempts keep what their browsers pay with, and refunds name the payment they went to.
UPDATE "payments" SET "session" = jsonb_build_object('provider', 'stripe', 'clientSecret', "client_secret") WHERE "client_secret" IS NOT NULL;--> statement-breakpoint
UPDATE "payments" SET "paid_amount" = "amount" WHERE "status" = 'succeeded' AND "provider" <> 'manual';--> statement-breakpoint
UPDATE "refunds" r SET "payment_id" = (SELECT p."id" FROM "payments" p WHERE p."order_id" = r."order_id" AND p."provider" <> 'manual' AND p."status" = 'succeeded' ORDER BY p."attempt" DESC LIMIT 1);--> statement-breakpoint
ALTER TABLE "payments" DROP COLUMN "client_secret";