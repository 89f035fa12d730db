import { describe, expect, it } from "vitest";
import { serializeQuery } from "../../src/core/params.js";

describe("serializeQuery", () => {
  it("brackets arrays, keeps declared brackets, nests objects, 1/0 for booleans", () => {
    expect(
      serializeQuery({
        staff_ids: [1, 2],
        "ids[]": [3],
        include: [],
        filter: { is_approved: true, tags: ["a"] },
        with_deleted: false,
        skipped: undefined,
        gone: null,
      }),
    ).toBe(
      "staff_ids[]=1&staff_ids[]=2&ids[]=3&filter[is_approved]=1&filter[tags][]=a&with_deleted=0",
    );
  });

  it("encodes values and names but leaves brackets readable; Dates are ISO", () => {
    expect(serializeQuery({ "a b[]": ["x&y=z"], when: new Date("2026-03-01T00:00:00Z") })).toBe(
      "a%20b[]=x%26y%3Dz&when=2026-03-01T00%3A00%3A00.000Z",
    );
    expect(serializeQuery(undefined)).toBe("");
    expect(new URLSearchParams(serializeQuery({ q: "+1 (315)" })).get("q")).toBe("+1 (315)");
  });
});
