/** `meta` is typed wherever it is reachable: withResponse, requestWithResponse, pages. */
import { describe, expectTypeOf, it } from "vitest";
import { createAltegioClient, type EnvelopeMeta } from "../../src/index.js";

const altegio = createAltegioClient({ partnerToken: "p" });

describe("meta", () => {
  it("has the overlay's fields, typed, and stays open to others", () => {
    expectTypeOf<EnvelopeMeta["total_count"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<EnvelopeMeta["page"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<EnvelopeMeta["from"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<EnvelopeMeta["anything_else"]>().toEqualTypeOf<unknown>();
  });

  it("comes typed from withResponse, requestWithResponse and each page", async () => {
    const listed = await altegio.appointments.list.withResponse({ location_id: 1 });
    expectTypeOf(listed.meta.total_count).toEqualTypeOf<number | undefined>();
    const raw = await altegio.requestWithResponse("get_client", {
      path: { location_id: 1, id: 2 },
    });
    expectTypeOf(raw.meta.count).toEqualTypeOf<number | undefined>();
    for await (const page of altegio
      .paginate(altegio.appointments.list, { location_id: 1 })
      .pages()) {
      expectTypeOf(page.meta.total_count).toEqualTypeOf<number | undefined>();
    }
  });
});
