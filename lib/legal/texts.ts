import { sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { rows } from "@/db/client";
import { LEGAL_TEXT_KINDS, type LegalTextKind } from "@/db/schema";
import { AppError, fieldCode } from "@/lib/errors";
import { DEFAULT_LEGAL_TEXTS } from "./defaults";
import { unknownPlaceholders } from "./render";

export interface LegalTextVersion {
  kind: LegalTextKind;
  version: number;
  body: string;
  author: string;
  createdAt: Date;
}

const columns = sql`kind, version, body, author, created_at as "createdAt"`;

type Row = Omit<LegalTextVersion, "createdAt"> & { createdAt: string | Date };
const toVersion = (row: Row): LegalTextVersion => ({ ...row, createdAt: new Date(row.createdAt) });

/** The store's shipped texts become version 1 of each kind the first time a text is read. */
async function seedDefaults(db: Executor): Promise<void> {
  const values = LEGAL_TEXT_KINDS.map((kind) => sql`(${kind}, 1, ${DEFAULT_LEGAL_TEXTS[kind]}, 'system')`);
  await db.execute(sql`insert into legal_texts (kind, version, body, author) values ${sql.join(values, sql`, `)}
    on conflict (kind, version) do nothing`);
}

/** The current (highest) version of every legal text. */
export async function currentLegalTexts(db: Executor): Promise<Record<LegalTextKind, LegalTextVersion>> {
  const read = () =>
    rows<Row>(db, sql`select distinct on (kind) ${columns} from legal_texts order by kind, version desc`);
  let found = await read();
  if (found.length < LEGAL_TEXT_KINDS.length) {
    await seedDefaults(db);
    found = await read();
  }
  return Object.fromEntries(found.map((row) => [row.kind, toVersion(row)])) as Record<
    LegalTextKind,
    LegalTextVersion
  >;
}

/** Every version of a text, newest first. */
export async function legalTextHistory(db: Executor, kind: LegalTextKind): Promise<LegalTextVersion[]> {
  await currentLegalTexts(db);
  const found = await rows<Row>(
    db,
    sql`select ${columns} from legal_texts where kind = ${kind} order by version desc`,
  );
  return found.map(toVersion);
}

export async function legalTextVersion(
  db: Executor,
  kind: LegalTextKind,
  version: number,
): Promise<LegalTextVersion | null> {
  await currentLegalTexts(db);
  const [row] = await rows<Row>(
    db,
    sql`select ${columns} from legal_texts where kind = ${kind} and version = ${version}`,
  );
  return row ? toVersion(row) : null;
}

/**
 * Saves a text as its kind's next version (earlier versions stay as they were: accepted contracts name
 * them). Two saves at once queue on the kind's lock and get consecutive versions. A body naming a
 * placeholder that does not exist is refused at the body.
 */
export async function saveLegalText(
  db: Database,
  kind: LegalTextKind,
  body: string,
  author: string,
): Promise<LegalTextVersion> {
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0) {
    throw new AppError("VALIDATION_FAILED", {
      fields: { body: fieldCode("legal.admin.unknownPlaceholder", { names: unknown.join(", ") }) },
    });
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`legal_texts:${kind}`}))`);
    await currentLegalTexts(tx);
    const [row] = await rows<Row>(
      tx,
      sql`insert into legal_texts (kind, version, body, author)
        select ${kind}, coalesce(max(version), 0) + 1, ${body}, ${author} from legal_texts where kind = ${kind}
        returning ${columns}`,
    );
    if (!row) throw new Error(`no version saved for ${kind}`);
    return toVersion(row);
  });
}
