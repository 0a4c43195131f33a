import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { intId, nowTimestamp } from "./columns";

/** Words staff declare to mean the same ("kazak", "süveter"): a search for one also finds the others. */
export const searchSynonyms = pgTable("search_synonyms", {
  id: intId(),
  /** The group's words as staff typed them (lower case); compared folded (store_fold). */
  terms: text().array().notNull(),
  createdAt: nowTimestamp(),
});

/**
 * What shoppers search on the results page, counted per folded text, for "popular searches": no visitor,
 * time of each search or anything else about who searched is kept, only the day of the latest (so that
 * searches that never became popular can be forgotten, lib/search/popular.ts).
 */
export const searchQueries = pgTable(
  "search_queries",
  {
    /** store_fold of the search, words single-spaced. */
    query: text().primaryKey(),
    /** The search as first typed (lower case), shown as the suggestion. */
    text: text().notNull(),
    count: integer().notNull().default(1),
    lastSearchedOn: date().notNull().defaultNow(),
  },
  (t) => [index("search_queries_query_trgm_index").using("gin", sql`${t.query} gin_trgm_ops`)],
);
