/** The thumbnail sizes of product lists: the search suggestions, lines (cart, wishlist, compare), a row. */
const SIZES = {
  small: { px: 40, box: "size-10 rounded" },
  line: { px: 96, box: "size-24 rounded-md" },
  row: { px: 144, box: "aspect-square w-full rounded-md" },
} as const;

/**
 * A product's picture in a list: a grey square until it loads, and where the product has none. Decorative
 * (`alt=""`): the product's name is always next to it.
 */
export function ProductThumb({
  src,
  size,
  lazy = false,
}: {
  src: string | null | undefined;
  size: keyof typeof SIZES;
  lazy?: boolean;
}) {
  const { px, box } = SIZES[size];
  return (
    <span className={`block shrink-0 overflow-hidden bg-stone-100 ${box}`}>
      {src && (
        // biome-ignore lint/performance/noImgElement: local SVG illustrations need no optimisation
        <img
          src={src}
          alt=""
          width={px}
          height={px}
          loading={lazy ? "lazy" : undefined}
          className="h-full w-full object-cover"
        />
      )}
    </span>
  );
}
