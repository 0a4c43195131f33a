CREATE TABLE "simulated_shipments" (
	"reference" text PRIMARY KEY NOT NULL,
	"tracking_no" text NOT NULL,
	"parcel" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "simulated_shipments_trackingNo_unique" UNIQUE("tracking_no")
);
