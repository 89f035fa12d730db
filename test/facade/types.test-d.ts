/** Types of the facade: params, bodies, results (the five cases of the issue), misuse. */
import { describe, expectTypeOf, it } from "vitest";
import type { components } from "../../generated/schema.js";
import {
  createAltegioClient,
  type ApiResult,
  type MethodParams,
  type PageItem,
  type ResponseData,
} from "../../src/index.js";

const altegio = createAltegioClient({ partnerToken: "p" });
type Client = components["schemas"]["Client"];

describe("a JSON body (update_client)", () => {
  it("params are path + body; the result is the overlay's Client", () => {
    expectTypeOf<MethodParams<"update_client">>().toEqualTypeOf<{
      id: number | `${number}`;
      location_id: number | `${number}`;
      body: MethodParams<"update_client">["body"];
    }>();
    expectTypeOf(
      altegio.clients.update({
        location_id: 1,
        id: 2,
        body: { name: "Jane", phone: "+13155550175" },
      }),
    ).toEqualTypeOf<Promise<Client>>();
    // @ts-expect-error: name is a string
    void altegio.clients.update({ location_id: 1, id: 2, body: { name: 5, phone: "x" } });
    // @ts-expect-error: the body is required
    void altegio.clients.update({ location_id: 1, id: 2 });
  });
});

describe("a top-level array body (bulk_create_clients)", () => {
  it("body is an array of clients", () => {
    void altegio.clients.bulkCreate({
      location_id: 1,
      body: [{ name: "A", phone: "+13155550101" }],
    });
    expectTypeOf<MethodParams<"bulk_create_clients">["body"]>().toBeArray();
    // @ts-expect-error: one object is not an array
    void altegio.clients.bulkCreate({ location_id: 1, body: { name: "A", phone: "+13155550101" } });
    expectTypeOf(altegio.clients.bulkCreate).returns.resolves.toEqualTypeOf<
      components["schemas"]["BulkCreateClientsResult"]
    >();
  });
});

describe("a multipart body (upload_image, upload_client_file)", () => {
  it("file fields accept Blob, File and bytes", () => {
    void altegio.utilities.uploadImage({ entity: "service", body: { image: new Blob(["x"]) } });
    void altegio.utilities.uploadImage({ entity: "service", body: { image: new Uint8Array(2) } });
    void altegio.clients.uploadFile({
      location_id: 1,
      client_id: 2,
      body: { file: new File(["x"], "a.pdf") },
    });
    // @ts-expect-error: the image is required
    void altegio.utilities.uploadImage({ entity: "service", body: {} });
  });
});

describe("a schema-less operation fixed by the overlay (get_client)", () => {
  it("comes out typed", () => {
    expectTypeOf(altegio.clients.get({ location_id: 1, id: 2 })).toEqualTypeOf<Promise<Client>>();
    expectTypeOf(altegio.clients.get.withResponse({ location_id: 1, id: 2 })).toEqualTypeOf<
      Promise<ApiResult<"get_client">>
    >();
    expectTypeOf<ApiResult<"get_client">["data"]>().toEqualTypeOf<Client>();
    expectTypeOf(altegio.clients.get.operationId).toEqualTypeOf<"get_client">();
  });
});

// Operations present in every revision the SDK is tested on (deprecated_get_client_list is gone
// in 1.0.1), so these hold after `openapi:update` too.
describe("a deprecated operation (deprecated_get_service_list_by_id)", () => {
  it("is typed like any other: path and query parameters", () => {
    expectTypeOf(altegio.services.listByIdDeprecated)
      .parameter(0)
      .toEqualTypeOf<MethodParams<"deprecated_get_service_list_by_id">>();
    void altegio.services.listByIdDeprecated({ location_id: 1, service_id: 2, staff_id: 3 });
    // @ts-expect-error: staff_id is a number
    void altegio.services.listByIdDeprecated({ location_id: 1, service_id: 2, staff_id: "3" });
    expectTypeOf(
      altegio.services.listByIdDeprecated({ location_id: 1, service_id: 2 }),
    ).toEqualTypeOf<Promise<ResponseData<"deprecated_get_service_list_by_id">>>();
  });
});

describe("[] names and array query parameters (get_permission_list)", () => {
  it("keep their names and item types", () => {
    void altegio.users.listPermissions({ location_id: 1, "group_permissions[]": ["loyalty"] });
    // @ts-expect-error: group_permissions[] holds strings
    void altegio.users.listPermissions({ location_id: 1, "group_permissions[]": [1] });
    // @ts-expect-error: the [] is part of the name
    void altegio.users.listPermissions({ location_id: 1, group_permissions: ["loyalty"] });
  });
});

describe("misuse is a type error", () => {
  it("wrong or missing parameter names", () => {
    // @ts-expect-error: id is required
    void altegio.clients.get({ location_id: 1 });
    // @ts-expect-error: locationId is not a parameter
    void altegio.clients.get({ locationId: 1, id: 2 });
    // @ts-expect-error: id must be a number or a digit string
    void altegio.clients.get({ location_id: 1, id: "two" });
    // An ID read from text is fine as a digit string, as the README says.
    void altegio.clients.get({ location_id: "1", id: "2" });
    // @ts-expect-error: params are required
    void altegio.clients.get();
    // @ts-expect-error: body fields go under body
    void altegio.clients.create({ location_id: 1, name: "Jane", phone: "+13155550175" });
    // @ts-expect-error: get_client has no body
    void altegio.clients.get({ location_id: 1, id: 2, body: {} });
  });

  it("params may be omitted only when nothing is required; options are typed", () => {
    void altegio.locations.list();
    void altegio.locations.list({ page: 2 }, { signal: AbortSignal.timeout(1000), timeout: 500 });
    // @ts-expect-error: unknown option
    void altegio.locations.list({}, { retries: 3 });
  });
});

describe("pagination and helpers", () => {
  it("paginate yields the items of the page's data array", async () => {
    for await (const appointment of altegio.paginate(altegio.appointments.list, {
      location_id: 1,
    })) {
      expectTypeOf(appointment).toEqualTypeOf<PageItem<"get_appointment_list">>();
      expectTypeOf(appointment.id).toEqualTypeOf<number | undefined>();
    }
    expectTypeOf(altegio.collectAll("get_client_list", { location_id: 1, body: {} })).toEqualTypeOf<
      Promise<PageItem<"get_client_list">[]>
    >();
    // @ts-expect-error: get_client is not paged
    void altegio.paginate(altegio.clients.get, { location_id: 1, id: 2 });
    // @ts-expect-error: the params of the operation are checked
    void altegio.paginate(altegio.appointments.list, { location: 1 });
  });

  it("helpers are typed", () => {
    expectTypeOf(altegio.clients.findByPhone({ location_id: 1, phone: "+1" })).toEqualTypeOf<
      Promise<Client | undefined>
    >();
    expectTypeOf(altegio.clients.findByPhone({ chain_id: 1, phone: "+1" })).resolves.toBeArray();
    expectTypeOf(
      altegio.appointments.listInRange({ location_id: 1, from: "2026-03-01", to: "2026-03-02" }),
    ).toEqualTypeOf<Promise<PageItem<"get_appointment_list">[]>>();
    // @ts-expect-error: team_member_id is required to book
    void altegio.appointments.book({ location_id: 1, services: [1], client: { phone: "+1" } });
  });
});
