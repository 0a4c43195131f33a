import { describe, expect, it } from "vitest";
import {
  districtsOf,
  findDistrict,
  findProvince,
  foldName,
  provinceByCode,
  provinces,
  slugOf,
} from "@/lib/locations";

const collator = new Intl.Collator("tr");

describe("Turkish provinces and districts", () => {
  it("lists the 81 provinces by plate number, sorted the Turkish way", () => {
    const list = provinces();
    expect(list).toHaveLength(81);
    expect(list.map((p) => p.code).sort()).toEqual(
      Array.from({ length: 81 }, (_, i) => String(i + 1).padStart(2, "0")),
    );
    expect(provinceByCode("34")).toEqual({ code: "34", name: "İstanbul" });
    expect(provinceByCode("63")).toEqual({ code: "63", name: "Şanlıurfa" });
    expect(provinceByCode("82")).toBeUndefined();
    const names = list.map((p) => p.name);
    expect(names).toEqual([...names].sort(collator.compare));
    // Turkish order, not code-point order: Çanakkale after Bursa and before Denizli; İzmir after Isparta.
    expect(names.indexOf("Çanakkale")).toBeGreaterThan(names.indexOf("Bursa"));
    expect(names.indexOf("Çanakkale")).toBeLessThan(names.indexOf("Denizli"));
    expect(names.indexOf("İzmir")).toBeGreaterThan(names.indexOf("Isparta"));
    expect(names.at(-1)).toBe("Zonguldak");
  });

  it("lists a province's districts with slug codes unique within it, sorted the Turkish way", () => {
    const istanbul = districtsOf("34") ?? [];
    expect(istanbul.length).toBeGreaterThanOrEqual(39);
    expect(istanbul).toContainEqual({ code: "kadikoy", name: "Kadıköy" });
    expect(istanbul).toContainEqual({ code: "sisli", name: "Şişli" });
    for (const province of provinces()) {
      const districts = districtsOf(province.code) ?? [];
      expect(districts.length).toBeGreaterThan(0);
      const codes = districts.map((d) => d.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.every((code) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(code))).toBe(true);
      const names = districts.map((d) => d.name);
      expect(names).toEqual([...names].sort(collator.compare));
      // Folding never makes two districts of one province the same.
      expect(new Set(names.map(foldName)).size).toBe(names.length);
    }
    expect(districtsOf("00")).toBeUndefined();
  });

  it("folds names as Turkish shoppers type them", () => {
    expect(foldName("İSTANBUL")).toBe("istanbul");
    expect(foldName(" Istanbul ")).toBe("istanbul");
    expect(foldName("ISPARTA")).toBe("isparta");
    expect(foldName("KADIKÖY")).toBe("kadikoy");
    expect(foldName("Kadikoy")).toBe("kadikoy");
    expect(foldName("Şanlı  Urfa")).toBe("sanli urfa");
    expect(slugOf("Şereflikoçhisar")).toBe("sereflikochisar");
  });

  it("finds the canonical names from what was typed", () => {
    for (const typed of ["İstanbul", "istanbul", "ISTANBUL", "Istanbul", "İSTANBUL", " istanbul "]) {
      expect(findProvince(typed)).toEqual({ code: "34", name: "İstanbul" });
    }
    expect(findProvince("sanliurfa")?.name).toBe("Şanlıurfa");
    expect(findProvince("IĞDIR")?.name).toBe("Iğdır");
    expect(findProvince("Igdir")?.name).toBe("Iğdır");
    expect(findProvince("Istanbull")).toBeUndefined();
    expect(findProvince("")).toBeUndefined();
    for (const typed of ["Kadıköy", "kadikoy", "KADIKÖY", "Kadikoy"]) {
      expect(findDistrict("34", typed)).toEqual({ code: "kadikoy", name: "Kadıköy" });
    }
    expect(findDistrict("06", "Kadıköy")).toBeUndefined();
    expect(findDistrict("06", "cankaya")?.name).toBe("Çankaya");
    expect(findDistrict("99", "Kadıköy")).toBeUndefined();
  });
});
