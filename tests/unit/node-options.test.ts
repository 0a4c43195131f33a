import { describe, expect, it } from "vitest";
import { STORE_HEAP_MB, storeNodeOptions } from "@/scripts/node-options";

describe("the heap cap of next start", () => {
  it("is added to whatever NODE_OPTIONS holds, and a cap already there wins", () => {
    expect(storeNodeOptions(undefined)).toBe(`--max-old-space-size=${STORE_HEAP_MB}`);
    expect(storeNodeOptions(" --enable-source-maps ")).toBe(
      `--enable-source-maps --max-old-space-size=${STORE_HEAP_MB}`,
    );
    expect(storeNodeOptions("--max-old-space-size=1024")).toBe("--max-old-space-size=1024");
  });
});
