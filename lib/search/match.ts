import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "@/db/client";

/**
 * The store's one way of matching and ranking products for a search, used by the results page
 * (lib/catalog/queries.ts listProducts) and the suggestions (./suggest.ts). Text is compared folded
 * (store_fold: case, Turkish letters and accents), each word of the search must match, a word matches
 * through staff synonyms too, and a word of three letters or more also matches a misspelling of itself
 * (pg_trgm word similarity, ≥ 0.6 by default): "ayakabı" finds "ayakkabı". The product side is
 * `products.search_text`, which has a trigram GIN index, so both kinds of match use it.
 */

/** A search's words, at most this many (the rest are ignored). */
const MAX_WORDS = 8;
/** Words shorter than this are matched as substrings only: a typo of two letters is any word. */
const FUZZY_MIN_LENGTH = 3;

/** A word of the search: itself and its synonyms, and the brands and categories whose names match one. */
export interface SearchWord {
  alternatives: string[];
  brandIds: number[];
  categoryIds: number[];
}

export function splitWords(q: string): string[] {
  return q.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
}

/**
 * Whether folded text contains the word (LIKE wildcards in it taken literally) or, for a word of three
 * letters or more, something like it: the one matching rule, for products, brands and categories.
 */
function textMatches(text: SQL, word: SQL, fuzzy: SQL): SQL {
  return sql`(${text} like '%' || store_fold(replace(replace(replace(${word}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')) || '%'
    or (${fuzzy} and store_fold(${word}) <% ${text}))`;
}

const CATEGORY_TEXT = sql`store_fold(name_tr || ' ' || name_en)`;

/**
 * The search's words, each with its synonyms and the ids of the brands and categories it names, in one
 * query. Knowing the ids up front lets the planner estimate and index the product query.
 */
export async function searchWords(db: Executor, q: string): Promise<SearchWord[]> {
  const words = splitWords(q);
  if (words.length === 0) return [];
  const fuzzy = sql`char_length(a.term) >= ${FUZZY_MIN_LENGTH}`;
  const found = await rows<{ i: number; term: string; brand_ids: number[]; category_ids: number[] }>(
    db,
    sql`with w as (
        select word, i from unnest(array[${sql.join(
          words.map((word) => sql`${word}`),
          sql`, `,
        )}]::text[]) with ordinality w(word, i)
      ), a as (
        select i, word as term from w
        union
        select w.i, t.term from w
        join search_synonyms s on exists (select 1 from unnest(s.terms) x where store_fold(x) = store_fold(w.word))
        cross join unnest(s.terms) t(term)
      )
      select a.i::int as i, a.term,
        array(select id from brands where ${textMatches(sql`store_fold(name)`, sql`a.term`, fuzzy)}) as brand_ids,
        array(select id from categories where ${textMatches(CATEGORY_TEXT, sql`a.term`, fuzzy)}) as category_ids
      from a order by a.i, a.term <> (select word from w where w.i = a.i), a.term`,
  );
  return words.map((_, index) => {
    const mine = found.filter((row) => row.i === index + 1);
    return {
      alternatives: mine.map((row) => row.term),
      brandIds: [...new Set(mine.flatMap((row) => row.brand_ids))],
      categoryIds: [...new Set(mine.flatMap((row) => row.category_ids))],
    };
  });
}

/**
 * Products (alias `p`) matching every word: in their names and descriptions (the trigram index on
 * search_text), their brand's name or their category's names (the indexes on brand_id and category_id).
 */
export function productsMatch(words: SearchWord[]): SQL {
  if (words.length === 0) return sql`true`;
  return sql.join(
    words.map(({ alternatives, brandIds, categoryIds }) => {
      // Cheap arms first: PostgreSQL evaluates an OR in order, so a product of a matching brand or category
      // skips the trigram similarity on its whole text.
      const arms: SQL[] = [];
      if (brandIds.length)
        arms.push(
          sql`p.brand_id in (${sql.join(
            brandIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        );
      if (categoryIds.length) {
        arms.push(
          sql`p.category_id in (${sql.join(
            categoryIds.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        );
      }
      for (const word of alternatives) {
        arms.push(
          textMatches(
            sql`p.search_text`,
            sql`${word}::text`,
            [...word].length >= FUZZY_MIN_LENGTH ? sql`true` : sql`false`,
          ),
        );
      }
      return sql`(${sql.join(arms, sql` or `)})`;
    }),
    sql` and `,
  );
}

/** Ids in every word's list: the brands or categories whose names match the whole search. */
export function matchingAll(words: SearchWord[], ids: (word: SearchWord) => number[]): number[] {
  const [first, ...rest] = words;
  if (!first) return [];
  return ids(first).filter((id) => rest.every((word) => ids(word).includes(id)));
}

/**
 * How well a product (alias `p`) answers the search: per word, its best alternative's word similarity to
 * the product's names, plus 1 when its whole text contains the alternative as it is. (Names are short, so
 * this stays cheap on a search that matches thousands of products.) 0 without words.
 */
export function productScore(words: SearchWord[]): SQL {
  if (words.length === 0) return sql`0`;
  return sql.join(
    words.map(
      ({ alternatives }) =>
        sql`greatest(${sql.join(
          alternatives.map(
            (word) =>
              sql`word_similarity(store_fold(${word}), store_fold(p.name_tr || ' ' || p.name_en))
                + (strpos(p.search_text, store_fold(${word})) > 0)::int`,
          ),
          sql`, `,
        )})`,
    ),
    sql` + `,
  );
}
