CREATE TABLE "shipment_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shipment_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"shipment_id" bigint NOT NULL,
	"event_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"location" text,
	"description" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "shipments" ALTER COLUMN "tracking_no" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ALTER COLUMN "shipped_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "shipments" ALTER COLUMN "shipped_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "adapter" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "service" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "tracking_url" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "carrier_ref" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "lines" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "label" "bytea";--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "label_type" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD COLUMN "carrier_code" text DEFAULT 'simulated' NOT NULL;--> statement-breakpoint
ALTER TABLE "shipping_methods" ADD COLUMN "service" text DEFAULT 'standart' NOT NULL;--> statement-breakpoint
ALTER TABLE "shipment_events" ADD CONSTRAINT "shipment_events_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "shipment_events_shipment_id_event_id_index" ON "shipment_events" USING btree ("shipment_id","event_id");--> statement-breakpoint
CREATE INDEX "shipments_open_idx" ON "shipments" USING btree ("status") WHERE "shipments"."status" in ('created', 'in_transit', 'out_for_delivery');--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_status_check" CHECK ("shipments"."status" in ('pending', 'created', 'in_transit', 'out_for_delivery', 'delivered', 'returned', 'cancelled', 'failed', 'shipped'));--> statement-breakpoint
-- Shipments typed by hand before parcels had lines carried the whole order.
UPDATE "shipments" s SET "lines" = coalesce((SELECT jsonb_agg(jsonb_build_object('sku', i.sku, 'qty', i.qty) ORDER BY i.id)
  FROM "order_items" i WHERE i.order_id = s.order_id), '[]'::jsonb), "created_at" = s.shipped_at, "updated_at" = coalesce(s.delivered_at, s.shipped_at);
