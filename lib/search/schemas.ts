import { z } from "zod";
import { normalizeSearch } from "./popular";

/** `GET /api/search/suggest`: the text typed so far, 1–100 characters once trimmed. */
export const suggestQuerySchema = z.object({ q: z.string().trim().min(1).max(100) });

const fold = (term: string) => term.normalize("NFD").replace(/\p{M}/gu, "").replace(/ı/g, "i");

/**
 * A synonym group as staff type it: words separated by commas ("kazak, süveter"), 2 to 10 of them, each
 * at most 40 characters, kept in lower case and once each (compared folded: "Tişört" and "tisort" are one).
 */
export const synonymInputSchema = z.object({
  terms: z
    .string()
    .max(500)
    .transform((raw) => {
      const seen = new Set<string>();
      return raw
        .split(",")
        .map(normalizeSearch)
        .filter((term) => term && !seen.has(fold(term)) && seen.add(fold(term)));
    })
    .pipe(
      z.array(z.string().max(40)).refine((terms) => terms.length >= 2 && terms.length <= 10, {
        params: { i18n: "adminSearch.validation.terms" },
      }),
    ),
});
export type SynonymInput = z.output<typeof synonymInputSchema>;
