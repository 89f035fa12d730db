import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/schema.js";
import { createAltegioClient, type ApiResult, type EnvelopeMeta } from "../../src/index.js";

const client = createAltegioClient({ partnerToken: "p" });

describe("request types follow the generated operations", () => {
  it("data is the envelope's data", () => {
    expectTypeOf(client.request("get_client", { path: { location_id: 1, id: 2 } })).toEqualTypeOf<
      Promise<components["schemas"]["Client"]>
    >();
  });

  it("binary answers are Blobs, 204 answers undefined", () => {
    expectTypeOf(client.request("get_visit_receipt_pdf", { path: { visit_id: 1 } })).toEqualTypeOf<
      Promise<Blob>
    >();
    expectTypeOf(
      client.request("delete_client", { path: { location_id: 1, id: 2 } }),
    ).toEqualTypeOf<Promise<undefined>>();
  });

  it("input may be omitted when nothing in it is required", () => {
    void client.request("get_location_list");
    void client.request("get_location_list", { query: {} });
    // @ts-expect-error: get_client_gift_cards has required query parameters
    void client.request("get_client_gift_cards");
  });

  it("path parameters are required and typed", () => {
    // @ts-expect-error: path is required
    void client.request("get_client", {});
    // @ts-expect-error: id must be a number
    void client.request("get_client", { path: { location_id: 1, id: "x" } });
    // @ts-expect-error: unknown operation
    void client.request("no_such_operation", {});
  });

  it("bodies are typed from the description; multipart fields accept Blobs", () => {
    void client.request("update_client", {
      path: { location_id: 1, id: 2 },
      body: { name: "Jane", phone: "+13155550175" },
    });
    void client.request("upload_client_file", {
      path: { location_id: 1, client_id: 2 },
      body: { file: new Blob(["x"]) },
    });
    void client.request("update_client", {
      path: { location_id: 1, id: 2 },
      // @ts-expect-error: name is a string
      body: { name: 5 },
    });
  });

  it("requestWithResponse adds meta and the Response", () => {
    expectTypeOf(
      client.requestWithResponse("get_client", { path: { location_id: 1, id: 2 } }),
    ).toEqualTypeOf<Promise<ApiResult<"get_client">>>();
    expectTypeOf<ApiResult<"get_client">["meta"]>().toEqualTypeOf<EnvelopeMeta>();
  });
});
