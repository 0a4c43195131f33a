import "server-only";
import { sql } from "drizzle-orm";
import { type Executor, rows } from "@/db/client";
import type { DataRequestChannel, DataRequestKind } from "@/db/schema";
import { iso, orderBy, type Page } from "@/lib/lists";
import { readPage } from "@/lib/paging";
import type { DataRequestListQuery } from "./schemas";

/** Who made a request happen: the shopper on /account, or a staff member for someone who wrote in. */
export interface RequestActor {
  channel: DataRequestChannel;
  /** "customer", or the staff member's name. */
  name: string;
}

export interface DataRequest {
  id: string;
  kind: DataRequestKind;
  channel: DataRequestChannel;
  subjectEmail: string;
  subjectUserId: string | null;
  requestedAt: string;
  completedAt: string | null;
  actor: string;
}

/** Records a request answered at once (in the transaction of its work, for an erasure). */
export async function recordRequest(
  db: Executor,
  input: { kind: DataRequestKind; email: string; userId: string | null; actor: RequestActor; now: Date },
): Promise<DataRequest> {
  const at = input.now.toISOString();
  const [row] = await rows<DataRequest>(
    db,
    sql`insert into data_requests (kind, channel, subject_email, subject_user_id, requested_at, completed_at, actor)
      values (${input.kind}, ${input.actor.channel}, ${input.email}, ${input.userId}, ${at}, ${at}, ${input.actor.name})
      returning ${COLUMNS}`,
  );
  if (!row) throw new Error("could not record the data request");
  return toRequest(row);
}

const COLUMNS = sql`id, kind, channel, subject_email as "subjectEmail", subject_user_id as "subjectUserId",
  requested_at as "requestedAt", completed_at as "completedAt", actor`;

const toRequest = (row: DataRequest): DataRequest => ({
  ...row,
  requestedAt: iso(row.requestedAt) ?? "",
  completedAt: iso(row.completedAt),
});

const SORT = { requestedAt: sql`requested_at`, kind: sql`kind`, subjectEmail: sql`subject_email` };

/** The staff list of requests, newest first unless sorted otherwise. */
export async function listDataRequests(
  db: Executor,
  query: DataRequestListQuery,
): Promise<Page<DataRequest>> {
  const where = sql`(${query.kind ?? null}::text is null or kind = ${query.kind ?? null})
    and (${query.channel ?? null}::text is null or channel = ${query.channel ?? null})`;
  const found = await readPage<DataRequest>(db, query, {
    count: sql`from data_requests where ${where}`,
    select: sql`select ${COLUMNS} from data_requests where ${where}
      order by ${orderBy(query.sort, SORT, sql`id desc`)}`,
  });
  return { ...found, items: found.items.map(toRequest) };
}
