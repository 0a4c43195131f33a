CREATE TABLE "legal_texts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legal_texts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"version" integer NOT NULL,
	"body" text NOT NULL,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_texts_kind_check" CHECK ("legal_texts"."kind" in ('pre_information', 'distance_contract', 'privacy')),
	CONSTRAINT "legal_texts_version_check" CHECK ("legal_texts"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "order_contracts" (
	"order_id" text PRIMARY KEY NOT NULL,
	"pre_information_version" integer NOT NULL,
	"contract_version" integer NOT NULL,
	"pre_information" text NOT NULL,
	"contract" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dev_emails" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_contracts" ADD CONSTRAINT "order_contracts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "legal_texts_kind_version_index" ON "legal_texts" USING btree ("kind","version");--> statement-breakpoint
-- Legal records never change: a text version and an accepted contract are kept exactly as written.
CREATE FUNCTION refuse_legal_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER legal_texts_immutable BEFORE UPDATE OR DELETE ON "legal_texts"
  FOR EACH ROW EXECUTE FUNCTION refuse_legal_record_change();--> statement-breakpoint
CREATE TRIGGER order_contracts_immutable BEFORE UPDATE OR DELETE ON "order_contracts"
  FOR EACH ROW EXECUTE FUNCTION refuse_legal_record_change();
