/**
 * Writes one flat SVG illustration per seed product to public/images/products/<slug>.svg.
 * Deterministic and dependency-free: `npx tsx scripts/product-images.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type ColorCode, categories, products, type SeedProduct } from "../lib/demo/data";

const COLORS: Record<ColorCode, string> = {
  black: "#2b2b2b",
  white: "#f4f1ea",
  red: "#c0392b",
  navy: "#1f3a5f",
  blue: "#2e86c1",
  green: "#2e8b57",
  grey: "#8a8f98",
  beige: "#d8c3a5",
  brown: "#7b4a2d",
  pink: "#e88fae",
  yellow: "#f2c230",
  orange: "#e67e22",
  purple: "#7d3c98",
};

type Shape =
  | "shirt"
  | "trousers"
  | "shoe"
  | "bag"
  | "mug"
  | "frame"
  | "headphones"
  | "watch"
  | "book"
  | "jar"
  | "bottle";

/** Products whose slug contains one of these words get a more specific illustration than their category's. */
const SLUG_SHAPES: [string, Shape][] = [
  ["pantolon", "trousers"],
  ["bermuda", "trousers"],
  ["poster", "frame"],
  ["saat", "watch"],
];

/** Illustration and fallback colour per top-level category. */
const CATEGORY_STYLE: Record<string, { shape: Shape; color: string }> = {
  giyim: { shape: "shirt", color: "#5d8aa8" },
  ayakkabi: { shape: "shoe", color: "#8e5b3a" },
  "canta-aksesuar": { shape: "bag", color: "#a0522d" },
  "ev-yasam": { shape: "mug", color: "#2a7ab0" },
  elektronik: { shape: "headphones", color: "#34495e" },
  kitap: { shape: "book", color: "#b03a2e" },
  gida: { shape: "jar", color: "#c98b2b" },
  kozmetik: { shape: "bottle", color: "#6aa86f" },
};
const DEFAULT_STYLE = { shape: "bag" as Shape, color: "#7f8c8d" };

function rootCategory(slug: string): string {
  let current = slug;
  for (let i = 0; i < 10; i++) {
    const parent = categories.find((c) => c.slug === current)?.parent;
    if (!parent) break;
    current = parent;
  }
  return current;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Mixes `hex` with `target` (0 = hex, 1 = target). */
function mix(hex: string, target: string, amount: number): string {
  const a = hexToRgb(hex);
  const b = hexToRgb(target);
  const c = a.map((v, i) => Math.round(v + ((b[i] ?? 0) - v) * amount));
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Shape markup; `f` is the main fill, `d` a darker accent, `l` a lighter accent. */
function drawShape(shape: Shape, f: string, d: string, l: string): string {
  switch (shape) {
    case "shirt":
      return `<path d="M230 130l-110 50-40 110 70 30 20-50v200h260V270l20 50 70-30-40-110-110-50q-70 60-140 0z" fill="${f}" stroke="${d}" stroke-width="6" stroke-linejoin="round"/><path d="M230 130q70 60 140 0" fill="none" stroke="${d}" stroke-width="8"/>`;
    case "trousers":
      return `<path d="M190 110h220l30 380h-100l-50-260-50 260H140z" fill="${f}" stroke="${d}" stroke-width="6" stroke-linejoin="round"/><rect x="190" y="110" width="220" height="36" fill="${d}"/><path d="M300 146v84" stroke="${d}" stroke-width="6"/>`;
    case "shoe":
      return `<path d="M110 380V250q0-30 30-30h60q20 60 90 60 40 0 60-20l150 80q40 20 40 60v20H110z" fill="${f}" stroke="${d}" stroke-width="6" stroke-linejoin="round"/><rect x="100" y="410" width="450" height="40" rx="14" fill="${d}"/><path d="M250 300l30-25m10 40l30-25m10 40l30-25" stroke="${l}" stroke-width="8" stroke-linecap="round"/>`;
    case "bag":
      return `<path d="M220 230v-40a80 80 0 0 1 160 0v40" fill="none" stroke="${d}" stroke-width="18"/><path d="M140 230h320l30 250H110z" fill="${f}" stroke="${d}" stroke-width="6" stroke-linejoin="round"/><path d="M140 230l160 110 160-110" fill="none" stroke="${d}" stroke-width="6"/><circle cx="300" cy="340" r="14" fill="${l}"/>`;
    case "mug":
      return `<path d="M390 250h30a60 60 0 0 1 0 120h-30" fill="none" stroke="${d}" stroke-width="26"/><path d="M170 190h230v230q0 40-40 40H210q-40 0-40-40z" fill="${f}" stroke="${d}" stroke-width="6"/><ellipse cx="285" cy="190" rx="115" ry="18" fill="${d}"/><path d="M230 290q55-50 110 0-55 50-110 0z" fill="${l}"/><path d="M250 150q-15-25 0-45m35 45q-15-25 0-45m35 45q-15-25 0-45" fill="none" stroke="${d}" stroke-width="6" stroke-linecap="round" opacity=".5"/>`;
    case "frame":
      return `<rect x="140" y="100" width="320" height="400" fill="${d}"/><rect x="165" y="125" width="270" height="350" fill="${l}"/><path d="M165 475V360h40v-60h30v60h40V250l25-40 25 40v110h40v-80h30v80h35v115z" fill="${f}"/><circle cx="380" cy="190" r="26" fill="${f}" opacity=".6"/>`;
    case "headphones":
      return `<path d="M160 360v-60a140 140 0 0 1 280 0v60" fill="none" stroke="${d}" stroke-width="22" stroke-linecap="round"/><rect x="130" y="320" width="80" height="140" rx="30" fill="${f}" stroke="${d}" stroke-width="6"/><rect x="390" y="320" width="80" height="140" rx="30" fill="${f}" stroke="${d}" stroke-width="6"/><rect x="150" y="345" width="40" height="90" rx="16" fill="${l}"/><rect x="410" y="345" width="40" height="90" rx="16" fill="${l}"/>`;
    case "watch":
      return `<rect x="250" y="110" width="100" height="380" rx="30" fill="${d}"/><rect x="200" y="200" width="200" height="200" rx="50" fill="${f}" stroke="${d}" stroke-width="10"/><rect x="225" y="225" width="150" height="150" rx="34" fill="${l}"/><path d="M300 250v50h40" fill="none" stroke="${d}" stroke-width="10" stroke-linecap="round"/><rect x="400" y="270" width="16" height="60" rx="6" fill="${d}"/>`;
    case "book":
      return `<path d="M170 130h270v340H170z" fill="${f}" stroke="${d}" stroke-width="6"/><rect x="170" y="130" width="34" height="340" fill="${d}"/><path d="M440 150h14v330H190v-10h250z" fill="${l}"/><rect x="250" y="200" width="140" height="18" rx="9" fill="${l}"/><rect x="270" y="235" width="100" height="12" rx="6" fill="${l}"/>`;
    case "jar":
      return `<rect x="200" y="140" width="200" height="60" rx="12" fill="${d}"/><path d="M190 200h220q30 0 30 40v190q0 40-40 40H200q-40 0-40-40V240q0-40 30-40z" fill="${f}" stroke="${d}" stroke-width="6"/><rect x="200" y="290" width="200" height="100" rx="10" fill="${l}"/><circle cx="300" cy="340" r="26" fill="${f}"/>`;
    case "bottle":
      return `<rect x="265" y="110" width="70" height="60" rx="10" fill="${d}"/><path d="M275 170h50v40q70 20 70 80v160q0 30-30 30H235q-30 0-30-30V290q0-60 70-80z" fill="${f}" stroke="${d}" stroke-width="6"/><rect x="230" y="320" width="140" height="90" rx="10" fill="${l}"/><path d="M300 340q-25 25 0 50 25-25 0-50z" fill="${f}"/>`;
  }
}

function svgFor(product: SeedProduct): string {
  const style = CATEGORY_STYLE[rootCategory(product.category)] ?? DEFAULT_STYLE;
  const shape = SLUG_SHAPES.find(([word]) => product.slug.includes(word))?.[1] ?? style.shape;
  const code = product.variants[0]?.attributes.color;
  const main = code ? COLORS[code] : style.color;
  // White products get a light grey stage so the item stays visible.
  const background = code === "white" ? "#dfe3e8" : mix(main, "#ffffff", 0.82);
  const dark = mix(main, "#000000", code === "white" ? 0.45 : 0.35);
  const light = mix(main, "#ffffff", code === "black" || code === "navy" ? 0.35 : 0.55);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600" role="img">`,
    `<title>${escapeXml(product.nameTr)}</title>`,
    `<rect width="600" height="600" fill="${background}"/>`,
    `<ellipse cx="300" cy="500" rx="210" ry="24" fill="#000" opacity=".08"/>`,
    drawShape(shape, main, dark, light),
    "</svg>\n",
  ].join("");
}

const outDir = path.join(import.meta.dirname, "..", "public", "images", "products");
mkdirSync(outDir, { recursive: true });
for (const product of products) {
  writeFileSync(path.join(outDir, `${product.slug}.svg`), svgFor(product));
}
console.log(`Wrote ${products.length} product images to ${outDir}`);
