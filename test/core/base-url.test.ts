/**
 * Revision 1.0.1 moves every path under `/v1` and its server to `https://api.alteg.io/api`. A base
 * URL written for 1.0.0 (`https://api.alteg.io/api/v1`) would then call `/api/v1/v1/...` and get
 * 404s: the client refuses it at creation, before any request, and says what to use instead.
 */
import { describe, expect, it } from "vitest";
import {
  ConfigurationError,
  createAltegioClient,
  operationRegistry,
  type FetchLike,
  type OperationMeta,
  type Registry,
} from "../../src/index.js";
import { envelope } from "../support/loopback.js";

const PARTNER = "base-PARTNER-90c3e1f7";

/** The pinned registry with every path moved under `/v1`, as revision 1.0.1 has it. */
const nextRegistry: Registry = Object.fromEntries(
  Object.entries(operationRegistry as Record<string, OperationMeta>).map(([id, op]) => [
    id,
    { ...op, path: `/v1${op.path}` },
  ]),
);

function recordingFetch(): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  const fetch: FetchLike = async (request) => {
    urls.push(request.url);
    return Response.json(envelope({ id: 1 }));
  };
  return { fetch, urls };
}

function creationError(create: () => unknown): ConfigurationError {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error("expected createAltegioClient to throw");
}

describe("a base URL that would double the revision's common path prefix", () => {
  it.each(["https://api.alteg.io/api/v1", "https://api.alteg.io/api/v1/"])(
    "%s with 1.0.1's paths: ConfigurationError at creation, nothing sent",
    (baseUrl) => {
      const { fetch, urls } = recordingFetch();
      const error = creationError(() =>
        createAltegioClient({ partnerToken: PARTNER, baseUrl, registry: nextRegistry, fetch }),
      );
      expect(error.message).toContain('"https://api.alteg.io/api/v1"');
      expect(error.message).toContain('already starts with "/v1"');
      expect(error.message).toContain("/api/v1/v1/");
      expect(error.message).toContain('Use baseUrl "https://api.alteg.io/api"');
      expect(urls).toEqual([]);
    },
  );

  it("the default base URL of 1.0.0 with a 1.0.1 registry is refused too, and says it was the default", () => {
    const error = creationError(() =>
      createAltegioClient({ partnerToken: PARTNER, registry: nextRegistry }),
    );
    expect(error.message).toMatch(/^The default baseUrl/);
    expect(error.message).toContain('Use baseUrl "https://api.alteg.io/api"');
  });

  it("the suggested base URL works: one /v1, from the operation's path", async () => {
    const { fetch, urls } = recordingFetch();
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      baseUrl: "https://api.alteg.io/api",
      registry: nextRegistry,
      fetch,
      rateLimit: false,
    });
    await altegio.request("get_location", { path: { location_id: 3 } });
    expect(urls).toEqual(["https://api.alteg.io/api/v1/company/3"]);
  });

  it("1.0.0's registry has no common first segment: its /api/v1 base URL is fine", async () => {
    const { fetch, urls } = recordingFetch();
    const altegio = createAltegioClient({
      partnerToken: PARTNER,
      baseUrl: "https://api.alteg.io/api/v1",
      fetch,
      rateLimit: false,
    });
    await altegio.request("get_location", { path: { location_id: 3 } });
    expect(urls).toEqual(["https://api.alteg.io/api/v1/company/3"]);
  });

  it("a base path that only ends like the segment is not refused", () => {
    expect(() =>
      createAltegioClient({
        partnerToken: PARTNER,
        baseUrl: "https://proxy.example/altegio-v1",
        registry: nextRegistry,
      }),
    ).not.toThrow();
  });
});
