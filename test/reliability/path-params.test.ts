import fc from "fast-check";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import {
  operationOf,
  type HttpMethod,
  type Operation,
  type ParamType,
} from "../../src/core/operation.js";
import { checkedPathSerializer, serializePath, validatePathParams } from "../../src/core/params.js";
import { startLoopback, type LoopbackServer } from "../support/loopback.js";

type Param = readonly [name: string, type: ParamType];

/** An operation of a one-operation lean registry, resolved as the runtime does. */
function op(
  operationId: string,
  path: string,
  pathParams: readonly Param[],
  method: HttpMethod = "get",
): Operation {
  const registry = {
    [operationId]: {
      method,
      path,
      auth: "user" as const,
      pathParams: Object.fromEntries(pathParams),
    },
  };
  return operationOf(registry, operationId);
}
const p = (name: string, type: ParamType): Param => [name, type];

/** `serializePath` for one `{id}` segment: what refuses a value that cannot be a segment. */
const encodePathSegment = (name: string, value: unknown) =>
  serializePath(`/{${name}}`, { [name]: value });

const getClient = op("get_client", "/client/{location_id}/{id}", [
  p("location_id", "number"),
  p("id", "number"),
]);

function errorOf(fn: () => void): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error("expected an InvalidArgumentError");
}

describe("validatePathParams", () => {
  it("accepts positive integer IDs as numbers or digit strings", () => {
    expect(() => validatePathParams(getClient, { location_id: 12, id: "345" })).not.toThrow();
  });

  it.each([
    [{ id: 1 }, "location_id", /is required/],
    [{ location_id: 1, id: 0 }, "id", /positive integer ID, got 0/],
    [{ location_id: -3, id: 1 }, "location_id", /positive integer ID/],
    [{ location_id: 1.5, id: 1 }, "location_id", /positive integer ID/],
    [{ location_id: Number.NaN, id: 1 }, "location_id", /positive integer ID/],
    [{ location_id: "12abc", id: 1 }, "location_id", /positive integer ID/],
    [{ location_id: "../1", id: 1 }, "location_id", /positive integer ID/],
    [{ location_id: 2 ** 60, id: 1 }, "location_id", /positive integer ID/],
    [{ location_id: 1, id: [1] }, "id", /got an array/],
    [{ location_id: 1, id: { a: 1 } }, "id", /got object/],
    [{ location_id: 1, id: null }, "id", /is required/],
  ])("%j → error naming %s", (values, name, message) => {
    const error = errorOf(() => validatePathParams(getClient, values));
    expect(error.parameter).toBe(name);
    expect(error.message).toMatch(message);
    expect(error.message).toContain("get_client");
    expect(error).toMatchObject({
      code: "invalid_argument",
      operationId: "get_client",
      method: "GET",
    });
  });

  it("rejects a call with no path values at all", () => {
    expect(errorOf(() => validatePathParams(getClient, undefined)).parameter).toBe("location_id");
  });

  it("allows 0 only where the description says 0 means top level", () => {
    const categories = op(
      "get_product_category_list",
      "/company/{location_id}/goods_categories/{parent_category_id}",
      [p("location_id", "number"), p("parent_category_id", "number")],
    );
    expect(() =>
      validatePathParams(categories, { location_id: 1, parent_category_id: 0 }),
    ).not.toThrow();
    expect(
      errorOf(() => validatePathParams(categories, { location_id: 0, parent_category_id: 0 }))
        .parameter,
    ).toBe("location_id");
    expect(() =>
      validatePathParams(categories, { location_id: 1, parent_category_id: -1 }),
    ).toThrow(/non-negative integer ID/);
  });

  it("checks phone path parameters as phone numbers, whatever their declared type", () => {
    const byPhone = op(
      "get_loyalty_card_type_list_for_client",
      "/loyalty/card_types/client/{location_id}/{phone}",
      [p("location_id", "number"), p("phone", "number")],
    );
    expect(() =>
      validatePathParams(byPhone, { location_id: 1, phone: "+13155550175" }),
    ).not.toThrow();
    expect(() => validatePathParams(byPhone, { location_id: 1, phone: 13155550175 })).not.toThrow();
    expect(
      errorOf(() => validatePathParams(byPhone, { location_id: 1, phone: "call me" })).parameter,
    ).toBe("phone");
  });

  it("checks dates, even where the description mistypes them as number", () => {
    const schedule = op(
      "get_team_member_schedule",
      "/schedule/{location_id}/{team_member_id}/{start_date}/{end_date}",
      [
        p("location_id", "number"),
        p("team_member_id", "integer"),
        p("start_date", "number"),
        p("end_date", "string"),
      ],
    );
    const ok = {
      location_id: 1,
      team_member_id: 2,
      start_date: "2025-01-01",
      end_date: "2025-01-31",
    };
    expect(() => validatePathParams(schedule, ok)).not.toThrow();
    expect(
      errorOf(() => validatePathParams(schedule, { ...ok, end_date: "31/01/2025" })).parameter,
    ).toBe("end_date");
    expect(
      errorOf(() => validatePathParams(schedule, { ...ok, start_date: 20250101 })).parameter,
    ).toBe("start_date");
  });

  it("requires non-empty, route-safe strings and real booleans/integers/numbers", () => {
    const mixed = op("x", "/x/{entity}/{flag}/{count}/{ratio}", [
      p("entity", "string"),
      p("flag", "boolean"),
      p("count", "integer"),
      p("ratio", "number"),
    ]);
    const ok = { entity: "client", flag: true, count: -2, ratio: "1.5" };
    expect(() => validatePathParams(mixed, ok)).not.toThrow();
    for (const [name, bad] of [
      ["entity", ""],
      ["entity", ".."],
      ["flag", "yes"],
      ["count", "1.5"],
      ["ratio", Infinity],
      ["ratio", "1e5"],
    ] as const) {
      expect(errorOf(() => validatePathParams(mixed, { ...ok, [name]: bad })).parameter).toBe(name);
    }
  });
});

describe("checkedPathSerializer (the raw client's)", () => {
  const registry = {
    get_client: {
      method: "get" as const,
      path: "/client/{location_id}/{id}",
      auth: "user" as const,
      pathParams: { location_id: "number" as const, id: "number" as const },
    },
  };
  const serialize = checkedPathSerializer(registry);

  it("finds the operation behind the base URL openapi-fetch puts in front of the template", () => {
    const base = "http://127.0.0.1:9/api/v1/client/{location_id}/{id}";
    expect(serialize(base, { location_id: 1, id: 2 })).toBe("http://127.0.0.1:9/api/v1/client/1/2");
    const error = errorOf(() => serialize(base, { location_id: 0, id: 2 }));
    expect(error).toMatchObject({ parameter: "location_id", operationId: "get_client" });
    expect(
      errorOf(() => serialize("/client/{location_id}/{id}", { location_id: 1, id: "%2F" }))
        .parameter,
    ).toBe("id");
  });

  it("encodes a template the registry lacks without checking its values", () => {
    expect(serialize("http://h/api/other/{id}", { id: "a/b" })).toBe("http://h/api/other/a%2Fb");
  });
});

describe("serializePath", () => {
  const base = "http://127.0.0.1:9/api/v1/client/{location_id}/{id}";

  it("encodes each value as one segment", () => {
    expect(serializePath(base, { location_id: 1, id: "a/b?c#d%2F" })).toBe(
      "http://127.0.0.1:9/api/v1/client/1/a%2Fb%3Fc%23d%252F",
    );
  });

  it.each([[""], ["."], [".."]])("refuses %j, which the URL parser would resolve", (value) => {
    expect(() => serializePath(base, { location_id: 1, id: value })).toThrow(InvalidArgumentError);
  });

  it("refuses a missing value instead of leaving {id} in the URL", () => {
    expect(() => serializePath(base, { location_id: 1 })).toThrow(/"id" is required/);
  });

  it("refuses objects, arrays and lone surrogates", () => {
    expect(() => encodePathSegment("id", { a: 1 })).toThrow(InvalidArgumentError);
    expect(() => encodePathSegment("id", [1, 2])).toThrow(InvalidArgumentError);
    expect(() => encodePathSegment("id", "\uD800")).toThrow(/not a well-formed string/);
  });

  it("property: no string value can change the route, and each decodes back to itself", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary" }),
          fc.string({
            unit: fc.constantFrom(".", "/", "?", "#", "%", "2", "F", "e", "\\", ";", "&", " "),
          }),
          fc.constantFrom("../", "..%2F", "%2e%2e", "%2F", "/..", ".%2e", "..\\", "?x=1", "#frag"),
        ),
        (value) => {
          let url: string;
          try {
            url = serializePath(base, { location_id: 7, id: value });
          } catch (error) {
            // Only the unsafe values may be refused, and only with a typed error.
            expect(error).toBeInstanceOf(InvalidArgumentError);
            expect(["", ".", ".."].includes(value) || !isWellFormed(value)).toBe(true);
            return;
          }
          const parsed = new URL(url);
          expect(parsed.origin).toBe("http://127.0.0.1:9");
          expect(parsed.search).toBe("");
          expect(parsed.hash).toBe("");
          const segments = parsed.pathname.split("/");
          expect(segments.slice(0, 5)).toEqual(["", "api", "v1", "client", "7"]);
          expect(segments).toHaveLength(6);
          expect(decodeURIComponent(segments[5]!)).toBe(value);
        },
      ),
      { numRuns: 2000 },
    );
  });

  describe("through openapi-fetch to a real server", () => {
    let server: LoopbackServer;
    beforeAll(async () => {
      server = await startLoopback();
    });
    afterAll(async () => {
      await server.close();
    });

    it("property: the server sees exactly the intended route", async () => {
      const client = createClient<Record<string, never>>({
        baseUrl: `${server.url}/api/v1`,
        pathSerializer: serializePath,
      });
      const get = client.GET as unknown as (
        path: string,
        init: { params: { path: Record<string, unknown> } },
      ) => Promise<unknown>;
      await fc.assert(
        fc.asyncProperty(
          fc
            .string({ unit: fc.constantFrom(".", "/", "?", "#", "%", "2", "F", "a", "\\", "é") })
            .filter((v) => !["", ".", ".."].includes(v)),
          async (value) => {
            server.requests.length = 0;
            await get("/client/{location_id}/{id}", {
              params: { path: { location_id: 7, id: value } },
            });
            expect(server.requests).toHaveLength(1);
            const seen = server.requests[0]!;
            expect(seen.query.toString()).toBe("");
            const segments = seen.url.split("/");
            expect(segments.slice(0, 4)).toEqual(["", "api", "v1", "client"]);
            expect(segments).toHaveLength(6);
            expect(decodeURIComponent(segments[5]!)).toBe(value);
          },
        ),
        { numRuns: 150 },
      );
    });
  });
});

/** `String.prototype.isWellFormed` without needing the ES2024 lib. */
function isWellFormed(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}
