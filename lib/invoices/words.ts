/**
 * An amount in Turkish words, as invoices print it under the total ("Yalnız bin iki yüz otuz dört Türk
 * lirası elli kuruş"): "bin", not "bir bin"; "yüz", not "bir yüz"; the kuruş left out when there are none.
 */

const ONES = ["", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"];
const TENS = ["", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan"];
const SCALES = ["", "bin", "milyon", "milyar", "trilyon", "katrilyon"];

/** 1–999 in words. */
function hundreds(n: number): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  if (h > 0) words.push(...(h > 1 ? [ONES[h] as string] : []), "yüz");
  const rest = n % 100;
  if (rest >= 10) words.push(TENS[Math.floor(rest / 10)] as string);
  if (rest % 10 > 0) words.push(ONES[rest % 10] as string);
  return words;
}

/** A whole number in Turkish words ("sıfır" for 0). */
export function numberInWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not a count: ${n}`);
  if (n === 0) return "sıfır";
  const words: string[] = [];
  let rest = n;
  const groups: number[] = [];
  while (rest > 0) {
    groups.push(rest % 1000);
    rest = Math.floor(rest / 1000);
  }
  for (let scale = groups.length - 1; scale >= 0; scale--) {
    const group = groups[scale] ?? 0;
    if (group === 0) continue;
    // "bin", never "bir bin"; every other scale keeps its "bir" (bir milyon).
    if (!(scale === 1 && group === 1)) words.push(...hundreds(group));
    if (scale > 0) words.push(SCALES[scale] as string);
  }
  return words.join(" ");
}

/** Kuruş (minor units of TRY) in words with "Yalnız" in front, as printed on invoices. */
export function amountInWords(kurus: number): string {
  const negative = kurus < 0;
  const abs = Math.abs(kurus);
  const lira = Math.floor(abs / 100);
  const cents = abs % 100;
  const parts = [`${numberInWords(lira)} Türk lirası`];
  if (cents > 0) parts.push(`${numberInWords(cents)} kuruş`);
  if (lira === 0 && cents > 0) parts.shift();
  return `Yalnız ${negative ? "eksi " : ""}${parts.join(" ")}`;
}
