CREATE TABLE "recurring_ticks" (
	"identifier" text PRIMARY KEY NOT NULL,
	"checked_until" timestamp with time zone NOT NULL
);
