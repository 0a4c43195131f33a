/** The store's clock: a Turkish shop's dates are Istanbul time (one zone all year), whatever the server's. */
export const STORE_TIME_ZONE = "Europe/Istanbul";

/** Dates (and times) as the store shows them to shoppers and staff: Istanbul time, in the page's language. */
export function dateFormat(
  locale: string,
  style: Pick<Intl.DateTimeFormatOptions, "dateStyle" | "timeStyle"> = {
    dateStyle: "medium",
    timeStyle: "short",
  },
): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale === "tr" ? "tr-TR" : "en-GB", {
    ...style,
    timeZone: STORE_TIME_ZONE,
  });
}
