import { sql } from "drizzle-orm";
import { type Executor, rows } from "@/db/client";
import { AppError } from "@/lib/errors";
import type { SynonymInput } from "./schemas";
import { forgetSuggestions } from "./suggest-cache";

export interface SynonymGroup {
  id: number;
  terms: string[];
}

/** Every group, in the order staff added them. */
export async function listSynonyms(db: Executor): Promise<SynonymGroup[]> {
  return rows<SynonymGroup>(db, sql`select id, terms from search_synonyms order by id`);
}

export async function createSynonyms(db: Executor, input: SynonymInput): Promise<SynonymGroup> {
  const [group] = await rows<SynonymGroup>(
    db,
    sql`insert into search_synonyms (terms) values (array[${sql.join(
      input.terms.map((term) => sql`${term}`),
      sql`, `,
    )}]::text[]) returning id, terms`,
  );
  if (!group) throw new Error("synonym insert returned nothing");
  forgetSuggestions();
  return group;
}

export async function deleteSynonyms(db: Executor, id: number): Promise<void> {
  const deleted = await rows<{ id: number }>(
    db,
    sql`delete from search_synonyms where id = ${id} returning id`,
  );
  if (deleted.length === 0) throw new AppError("NOT_FOUND", { id });
  forgetSuggestions();
}
