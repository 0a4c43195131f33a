import type { Database } from "@/db/client";
import type { Locale } from "@/lib/i18n/locale";
import { normalizeSearch } from "./popular";
import { type Suggestions, suggest } from "./suggest";

/**
 * Suggestions are the same for every visitor with the language, and shoppers type the same few letters
 * again and again ("c", "ca", "can"…): each server keeps an answer for as long as its response already
 * lets a shared cache keep it (`s-maxage=30`), and visitors asking for the same text at once share one
 * database query. A synonym change on this server clears it; stock changes show within the 30 seconds.
 */

const KEEP_MS = 30_000;
/** Enough for every prefix shoppers type in 30 s on a busy store; the oldest goes first. */
const MAX_ENTRIES = 5_000;

const answers = new Map<string, { at: number; answer: Promise<Suggestions> }>();

export function cachedSuggest(
  db: Database,
  q: string,
  locale: Locale,
  now = Date.now(),
): Promise<Suggestions> {
  const key = `${locale} ${normalizeSearch(q)}`;
  const kept = answers.get(key);
  if (kept && now - kept.at < KEEP_MS) return kept.answer;
  const answer = suggest(db, q, locale);
  answers.delete(key);
  answers.set(key, { at: now, answer });
  // A failure (the database away) is not kept: the next shopper asks again.
  answer.catch(() => {
    if (answers.get(key)?.answer === answer) answers.delete(key);
  });
  if (answers.size > MAX_ENTRIES) answers.delete(answers.keys().next().value as string);
  return answer;
}

export function forgetSuggestions(): void {
  answers.clear();
}
