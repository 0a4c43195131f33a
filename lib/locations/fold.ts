/* Apart from the lists (./index.ts, server only), so that the address inputs in the browser match the same way. */

/**
 * A place name as people type it, reduced to what identifies it: Turkish lower case ("I" → "ı", "İ" → "i"),
 * then without accents and the dotless ı, spaces squeezed. "İSTANBUL", "istanbul" and "Istanbul" all give
 * "istanbul"; "KADIKÖY" and "Kadikoy" give "kadikoy".
 */
export function foldName(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, " ")
    .toLocaleLowerCase("tr")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ı/g, "i");
}
