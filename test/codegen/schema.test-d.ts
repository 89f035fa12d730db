/**
 * Type tests of the generated layer, as a raw openapi-fetch user sees it. Each
 * `@ts-expect-error` must meet an error, so these fail if the types become too loose.
 */
import createClient from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import { descriptionInfo, operations, type OperationId } from "../../generated/registry.js";
import type { ClientsMethods, ResourceMap } from "../../generated/resources.js";
import type { components, paths } from "../../generated/schema.js";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:9" });
type Client = components["schemas"]["Client"];

// Paths are taken from the registry (`as const`: literal types), so these tests hold on every
// revision: 1.0.1 moves every path under /v1.
const GET_CLIENT = operations.get_client.path;
const BULK_CREATE_CLIENTS = operations.bulk_create_clients.path;
type ClientPath = typeof operations.get_client.path;
type CreateClientPath = typeof operations.create_client.path;
/** What the revision puts before the API's own paths: "" on 1.0.0, "/v1" on 1.0.1. */
type Prefix = ClientPath extends `${infer P}/client/{location_id}/{id}` ? P : never;
declare const notAPath: `${Prefix}/clients/{location_id}/{id}`;

describe("raw openapi-fetch calls on the generated paths", () => {
  test("path parameters are checked by name and presence", () => {
    void client.GET(GET_CLIENT, { params: { path: { location_id: 1, id: 2 } } });
    void client.GET(GET_CLIENT, {
      params: {
        // @ts-expect-error `client_id` is not a path parameter of get_client (it is `id`)
        path: { location_id: 1, client_id: 2 },
      },
    });
    void client.GET(GET_CLIENT, {
      params: {
        // @ts-expect-error the required `id` is missing
        path: { location_id: 1 },
      },
    });
    // @ts-expect-error the path parameters are required
    void client.GET(GET_CLIENT);
    // @ts-expect-error not a path of the description
    void client.GET(notAPath, { params: { path: { location_id: 1, id: 2 } } });
  });

  test("get_client answers the corrected Client schema", async () => {
    const { data, error } = await client.GET(GET_CLIENT, {
      params: { path: { location_id: 1, id: 2 } },
    });
    expectTypeOf<NonNullable<typeof data>["data"]>().toEqualTypeOf<Client>();
    // meta: the typed Meta (an object of known fields, or []), not "any object".
    type DataMeta = NonNullable<typeof data>["meta"];
    expectTypeOf<{ total_count: number }>().toExtend<DataMeta>();
    expectTypeOf<[]>().toExtend<DataMeta>();
    expectTypeOf<undefined>().toExtend<DataMeta>();
    expectTypeOf<{ total_count: string }>().not.toExtend<DataMeta>();
    expectTypeOf<Client["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Client["phone"]>().toEqualTypeOf<string>();
    expectTypeOf<Client["id"]>().toEqualTypeOf<number>();
    expectTypeOf<Client["email"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Client["categories"]>().toEqualTypeOf<
      components["schemas"]["ClientCategory"][] | undefined
    >();
    // Errors are the error envelope (both shapes), not `never`.
    type ErrorBody = NonNullable<typeof error>;
    expectTypeOf<ErrorBody["meta"]>().toEqualTypeOf<
      components["schemas"]["ErrorMeta"] | undefined
    >();
    expectTypeOf<ErrorBody["errors"]>().toEqualTypeOf<
      components["schemas"]["ErrorDetail"] | undefined
    >();
  });

  test("meta is typed", () => {
    type Meta = components["schemas"]["Meta"];
    expectTypeOf<Extract<Meta, { total_count?: number }>["total_count"]>().toEqualTypeOf<
      number | undefined
    >();
    expectTypeOf<unknown[]>().toExtend<Meta>();
  });

  test("bulk create takes an array of clients; create and update answer a Client", () => {
    void client.POST(BULK_CREATE_CLIENTS, {
      params: { path: { location_id: 1 } },
      body: [{ name: "Ann", phone: "+13155550175" }],
    });
    void client.POST(BULK_CREATE_CLIENTS, {
      params: { path: { location_id: 1 } },
      // @ts-expect-error one object is not the array the API takes
      body: { name: "Ann", phone: "+13155550175" },
    });
    type Created = paths[CreateClientPath]["post"]["responses"][201]["content"];
    expectTypeOf<Created["application/json"]["data"]>().toEqualTypeOf<Client>();
    type Updated = paths[ClientPath]["put"]["responses"][200]["content"];
    expectTypeOf<Updated["application/json"]["data"]>().toEqualTypeOf<Client>();
  });

  test("formerly */* bodies are typed JSON bodies", () => {
    type Body = NonNullable<paths[ClientPath]["put"]["requestBody"]>["content"];
    expectTypeOf<keyof Body>().toEqualTypeOf<"application/json">();
  });

  test("the excluded callbacks are not paths", () => {
    expectTypeOf<`${Prefix}/client/{location_id}/{id}`>().toExtend<keyof paths>();
    expectTypeOf<`${Prefix}/https://your-api.url`>().not.toExtend<keyof paths>();
    expectTypeOf<`${Prefix}/integration/kkm/callback`>().not.toExtend<keyof paths>();
  });
});

describe("the registry's types", () => {
  test("entries keep their literal types", () => {
    expectTypeOf(operations.get_client.auth).toEqualTypeOf<"user">();
    expectTypeOf(operations.get_client.method).toEqualTypeOf<"get">();
    expectTypeOf(operations.authorize_user.auth).toEqualTypeOf<"partner">();
    expectTypeOf(operations.get_client.pathParams).toEqualTypeOf<{
      readonly location_id: "number";
      readonly id: "number";
    }>();
    expectTypeOf(descriptionInfo.version).toExtend<string>();
  });

  test("OperationId names the operations, not the excluded callbacks", () => {
    expectTypeOf<"get_client">().toExtend<OperationId>();
    expectTypeOf<"fiscalize_document">().not.toExtend<OperationId>();
    expectTypeOf<"handle_fiscalization_callback">().not.toExtend<OperationId>();
  });
});

describe("the facade's types (resources.ts)", () => {
  test("each method names its operationId; each namespace its interface", () => {
    expectTypeOf<ClientsMethods["get"]>().toEqualTypeOf<"get_client">();
    expectTypeOf<ResourceMap["clients"]>().toEqualTypeOf<ClientsMethods>();
    expectTypeOf<ClientsMethods[keyof ClientsMethods]>().toExtend<OperationId>();
  });

  test("the registry's facade names the same method", () => {
    expectTypeOf(operations.get_client.facade).toEqualTypeOf<"clients.get">();
  });
});
