import { createTranslator, IntlErrorCode } from "next-intl";
import { describe, expect, it } from "vitest";
import { messages } from "@/messages";

// Every visible string, in both languages: the same keys, and each one a valid ICU message (a stray `<`
// or `{` makes next-intl print the key instead of the text, which no type check catches).

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leaves(value, `${prefix}${key}.`),
  );
}

describe("messages", () => {
  it("has the same keys in Turkish and English", () => {
    expect(leaves(messages.en as Tree).sort()).toEqual(leaves(messages.tr as Tree).sort());
  });

  for (const locale of ["tr", "en"] as const) {
    it(`parses every ${locale} message`, () => {
      const invalid: string[] = [];
      const t = createTranslator({
        locale,
        messages: messages[locale],
        // Missing placeholder values are expected here (none are passed); a message that cannot be parsed is not.
        onError: (error) => {
          if (error.code === IntlErrorCode.INVALID_MESSAGE) invalid.push(error.message);
        },
      }) as unknown as { (key: string): string; raw(key: string): unknown };
      const keys = leaves(messages[locale] as Tree);
      expect(keys.length).toBeGreaterThan(500);
      for (const key of keys) t(key);
      expect(invalid).toEqual([]);
    });
  }
});
