import type postgres from "postgres";

/**
 * The search suggestions' figure: `GET /api/search/suggest` at 16 connections on a catalogue of 10,000
 * products with Turkish names (the demo store, the 1,000 bench products and the ones added here), the
 * shoppers typing texts a letter at a time: prefixes, folded spellings, two-word searches and typos. The
 * store keeps an answer 30 s (lib/search/suggest-cache.ts), so most are answered from memory, as on a
 * busy store; the figure for texts never asked before is measured on its own, one shopper at a time.
 */

export const SUGGEST_TARGETS = { p95Ms: 30, connections: 16, products: 10_000 };

const NOUNS = [
  "çanta",
  "ayakkabı",
  "kazak",
  "tişört",
  "gömlek",
  "elbise",
  "ceket",
  "pantolon",
  "etek",
  "şapka",
  "atkı",
  "eldiven",
  "bot",
  "sandalet",
  "kemer",
  "cüzdan",
  "saat",
  "gözlük",
  "mont",
  "hırka",
];
const ADJECTIVES = [
  "deri",
  "pamuklu",
  "yünlü",
  "keten",
  "kadife",
  "süet",
  "örme",
  "klasik",
  "spor",
  "şık",
  "hafif",
  "kışlık",
  "yazlık",
  "günlük",
  "vintage",
];
const COLOURS = [
  "siyah",
  "beyaz",
  "lacivert",
  "kırmızı",
  "yeşil",
  "bej",
  "gri",
  "kahverengi",
  "mavi",
  "pembe",
];

/** What the bench types: prefixes, no Turkish letters, capitals, two words, typos. */
const TEXTS = [
  "can",
  "canta",
  "deri ca",
  "ayakabı",
  "KAZAK",
  "tisort",
  "siyah deri",
  "pamuklu gömlek",
  "kirmizi elb",
  "süet bot",
  "gozluk",
  "kahverengi kemer",
];

/** What the bench's shoppers send: each text as it is typed, a letter at a time ("c", "ca", "can"…). */
const TYPED = TEXTS.flatMap((text) => [...text].map((_, i) => text.slice(0, i + 1)).filter((t) => t.trim()));

export interface SuggestFigures {
  products: number;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  /** Texts no one asked for before (nothing kept for them), one shopper at a time: the database's share. */
  uncached: { p50: number; p95: number };
}

/** Products with variants and stock until the active catalogue holds 10,000, spread over the categories. */
export async function createSearchCatalogue(sql: postgres.Sql): Promise<number> {
  const [{ count } = { count: 0 }] = await sql<
    { count: number }[]
  >`select count(*)::int as count from products`;
  const missing = SUGGEST_TARGETS.products - count;
  if (missing > 0) {
    await sql.begin(async (tx) => {
      await tx`insert into products (slug, name_tr, name_en, description_tr, category_id)
        select 'arama-' || g,
          initcap((${ADJECTIVES}::text[])[1 + g % ${ADJECTIVES.length}] || ' ' || (${COLOURS}::text[])[1 + (g / ${ADJECTIVES.length}) % ${COLOURS.length}]
            || ' ' || (${NOUNS}::text[])[1 + (g / ${ADJECTIVES.length * COLOURS.length}) % ${NOUNS.length}]) || ' ' || g,
          'Search product ' || g, 'Günlük kullanım için rahat ve dayanıklı bir parça.',
          ids[1 + g % cardinality(ids)]
        from generate_series(1, ${missing}) g, (select array_agg(id) as ids from categories) c`;
      await tx`insert into variants (product_id, sku, name_tr, name_en, price, weight_grams, length_cm, width_cm,
          height_cm, position)
        select id, 'ARAMA-' || substr(slug, 7), 'Standart', 'Standard', 10000 + (id % 400) * 250, 300, 30, 20, 5, 0
        from products where slug like 'arama-%'`;
      // Every tenth one sold out, so in-stock ranking has work to do.
      await tx`insert into inventory (variant_id, on_hand)
        select v.id, case when v.id % 10 = 0 then 0 else 50 end from variants v where v.sku like 'ARAMA-%'`;
    });
    await sql`vacuum analyze`;
  }
  const [{ active } = { active: 0 }] = await sql<{ active: number }[]>`
    select count(*)::int as active from products where active`;
  return active;
}

/** `connections` shoppers typing for `seconds` each, one request after the other; latencies of 200s. */
export async function suggestScenario(
  baseUrl: string,
  seconds: number,
  products: number,
  connections = SUGGEST_TARGETS.connections,
): Promise<SuggestFigures> {
  await run(baseUrl, Math.min(3, seconds), connections); // warm-up: compiled statements, plans, caches
  const typed = await run(baseUrl, seconds, connections, products);
  return { ...typed, uncached: await firstAsked(baseUrl, Math.min(5, seconds)) };
}

/** One shopper typing texts never typed before: a noun and a number ("çanta 1234"), each asked once. */
async function firstAsked(baseUrl: string, seconds: number): Promise<{ p50: number; p95: number }> {
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < deadline; i++) {
    const text = `${NOUNS[i % NOUNS.length]} ${1000 + i}`;
    const t = performance.now();
    const response = await fetch(`${baseUrl}/api/search/suggest?q=${encodeURIComponent(text)}`);
    await response.arrayBuffer();
    if (response.status === 200) latencies.push(performance.now() - t);
  }
  const { p50, p95 } = percentiles(latencies);
  return { p50, p95 };
}

function percentiles(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
  return { p50: at(50), p95: at(95), p99: at(99) };
}

async function run(
  baseUrl: string,
  seconds: number,
  connections: number,
  products = 0,
): Promise<SuggestFigures> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const text = TYPED[next++ % TYPED.length] as string;
        const t = performance.now();
        const response = await fetch(`${baseUrl}/api/search/suggest?q=${encodeURIComponent(text)}`);
        await response.arrayBuffer();
        if (response.status === 200) latencies.push(performance.now() - t);
        else failed++;
      }
    }),
  );
  return {
    products,
    connections,
    requests: latencies.length,
    rps: Math.round(latencies.length / ((Date.now() - started) / 1000)),
    ...percentiles(latencies),
    failed,
    uncached: { p50: 0, p95: 0 },
  };
}
