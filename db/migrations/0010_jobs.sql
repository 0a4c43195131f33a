CREATE TABLE "job_events" (
	"event_key" text PRIMARY KEY NOT NULL,
	"task" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
-- Every outbox event keeps its key, so enqueueing it again still stores nothing; sent ones are done.
INSERT INTO "job_events" ("event_key", "task", "created_at", "done_at")
	SELECT "event_key", 'send_email', "created_at", "sent_at" FROM "outbox" WHERE "topic" = 'email';
--> statement-breakpoint
-- Pending emails become jobs due when their next attempt was (graphile-worker's schema is installed
-- before these migrations run, db/migrate.ts). 10 attempts: EMAIL_MAX_ATTEMPTS in lib/notifications/sender.ts.
SELECT graphile_worker.add_job('send_email', json_build_object('eventKey', "event_key", 'message', "payload"),
		run_at := "next_attempt_at", max_attempts := 10, job_key := "event_key")
	FROM "outbox" WHERE "topic" = 'email' AND "status" = 'pending' ORDER BY "id";
--> statement-breakpoint
-- Emails that had given up stay given up, with their error, for staff to retry from /admin/jobs.
SELECT graphile_worker.permanently_fail_jobs(ARRAY[(graphile_worker.add_job('send_email',
		json_build_object('eventKey', "event_key", 'message', "payload"), max_attempts := 10,
		job_key := "event_key")).id], "last_error")
	FROM "outbox" WHERE "topic" = 'email' AND "status" = 'failed' ORDER BY "id";
--> statement-breakpoint
DROP TABLE "outbox" CASCADE;
