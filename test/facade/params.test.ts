import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, operationRegistry } from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import { apiPath, facadeClient, rejection } from "./support.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setHandler((_req, res) => sendJson(res, 200, envelope({ ok: true }, { total_count: 7 })));
});

describe("flat params are split into path, query and body", () => {
  it("path parameters fill the template; data is the envelope's data", async () => {
    server.setHandler((_req, res) => sendJson(res, 200, envelope({ id: 2, name: "Jane" })));
    const altegio = facadeClient(server);
    const client = await altegio.clients.get({ location_id: 1, id: 2 });
    expect(client).toEqual({ id: 2, name: "Jane" });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe("GET");
    expect(apiPath(server.requests[0]!.path)).toBe("/client/1/2");
  });

  it("query parameters go to the query string, the body under `body` as JSON", async () => {
    const altegio = facadeClient(server);
    await altegio.clients.create({ location_id: 5, body: { name: "Jane", phone: "+13155550175" } });
    await altegio.appointments.list({ location_id: 5, start_date: "2026-03-01", page: 2 });
    const [create, list] = server.requests;
    expect(create?.method).toBe("POST");
    expect(apiPath(create!.path)).toBe("/clients/5");
    expect(create?.json).toEqual({ name: "Jane", phone: "+13155550175" });
    expect(apiPath(list!.path)).toBe("/records/5");
    expect(Object.fromEntries(list!.query)).toEqual({ start_date: "2026-03-01", page: "2" });
  });

  it("a top-level array body is sent as an array (bulk create)", async () => {
    const altegio = facadeClient(server);
    await altegio.clients.bulkCreate({
      location_id: 3,
      body: [
        { name: "A", phone: "+13155550101" },
        { name: "B", phone: "+13155550102" },
      ],
    });
    expect(server.requests[0]?.json).toEqual([
      { name: "A", phone: "+13155550101" },
      { name: "B", phone: "+13155550102" },
    ]);
  });

  it("undefined query values are left out", async () => {
    const altegio = facadeClient(server);
    await altegio.appointments.list({ location_id: 5, client_id: undefined, page: 1 });
    expect(server.requests[0]?.url).toMatch(/\/records\/5\?page=1$/);
  });

  it("an unknown parameter is refused before sending, naming it and the accepted ones", async () => {
    const altegio = facadeClient(server);
    const error = await rejection(
      altegio.clients.create({ location_id: 5, name: "Jane" } as never),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe("name");
    expect((error as Error).message).toContain("location_id, body");
    expect((error as Error).message).toContain("under `body`");
    expect(server.requests).toHaveLength(0);
  });

  it("params that are not an object are refused; a missing path parameter too", async () => {
    const altegio = facadeClient(server);
    expect(await rejection(altegio.clients.get(5 as never))).toBeInstanceOf(InvalidArgumentError);
    const missing = await rejection(altegio.clients.get({ location_id: 1 } as never));
    expect((missing as InvalidArgumentError).parameter).toBe("id");
    expect(server.requests).toHaveLength(0);
  });

  it("a path name the description also declares in the query goes to the path (routing table)", async () => {
    const altegio = facadeClient(server);
    await altegio.products.listCategoriesByIds({ location_id: 9 });
    expect(apiPath(server.requests[0]!.path)).toBe("/goods_categories/multiple/9");
    expect(server.requests[0]?.query.has("location_id")).toBe(false);
  });

  it("methods without required params may be called without arguments", async () => {
    const altegio = facadeClient(server);
    await altegio.locations.list();
    expect(apiPath(server.requests[0]!.path)).toBe("/companies");
  });
});

describe("query arrays and scalars are serialised the PHP way", () => {
  it("array parameters repeat with brackets; [] names keep theirs; booleans are 1/0", async () => {
    const altegio = facadeClient(server);
    await altegio.schedules.listTeamMemberSchedules({
      location_id: 1,
      start_date: "2026-03-01",
      end_date: "2026-03-07",
      "staff_ids[]": [4, 5],
      "include[]": ["busy_intervals", "off_day_type"],
    });
    await altegio.users.listPermissions({ location_id: 1, "group_permissions[]": ["a", "b"] });
    await altegio.appointments.list({ location_id: 1, with_deleted: true });
    await altegio.users.list({ location_id: 1, "filter[is_approved]": 1 });
    const [schedule, permissions, appointments, users] = server.requests.map((r) => r.url);
    expect(schedule).toContain(
      "staff_ids[]=4&staff_ids[]=5&include[]=busy_intervals&include[]=off_day_type",
    );
    expect(permissions).toContain("group_permissions[]=a&group_permissions[]=b");
    expect(permissions).not.toContain("group_permissions[][]");
    expect(appointments).toContain("with_deleted=1");
    expect(users).toContain("filter[is_approved]=1");
  });

  it("values are percent-encoded", async () => {
    const altegio = facadeClient(server);
    await altegio.chains.getClientByPhoneNumber({ chain_id: 1, phone: "+1 315&x=1" });
    expect(server.requests[0]?.url).toContain("phone=%2B1%20315%26x%3D1");
    expect(server.requests[0]?.query.get("phone")).toBe("+1 315&x=1");
  });

  it("the raw openapi-fetch client serialises arrays the same way", async () => {
    const altegio = facadeClient(server);
    await altegio.raw.GET(operationRegistry.get_team_member_schedule_list.path, {
      params: {
        path: { location_id: 1 },
        query: { start_date: "2026-03-01", end_date: "2026-03-02", staff_ids: [7, 8] },
      },
    });
    expect(server.requests[0]?.url).toContain("staff_ids[]=7&staff_ids[]=8");
  });
});

describe("multipart uploads", () => {
  it("a Blob and a Uint8Array go out as multipart/form-data files", async () => {
    const altegio = facadeClient(server);
    await altegio.utilities.uploadImage({
      entity: "service",
      body: {
        image: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }),
        service_id: 12,
      },
    });
    await altegio.clients.uploadFile({
      location_id: 1,
      client_id: 2,
      body: { file: new TextEncoder().encode("contract text") },
    });
    const [image, file] = server.requests;
    expect(apiPath(image!.path)).toBe("/images/service");
    expect(String(image!.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);
    const imageBody = image!.body.toString("latin1");
    expect(imageBody).toContain('name="image"');
    expect(imageBody).toContain("PNG");
    expect(imageBody).toMatch(/name="service_id"\r\n\r\n12\r\n/);
    expect(apiPath(file!.path)).toBe("/company/1/clients/files/2");
    expect(file!.body.toString("utf8")).toContain("contract text");
    expect(String(file!.headers["content-type"])).toMatch(/^multipart\/form-data/);
  });
});

describe("withResponse and per-call options", () => {
  it("withResponse resolves to data, meta and the Response", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 200, envelope([{ id: 1 }], { page: 1, total_count: 1 }), { "x-trace": "t-1" }),
    );
    const altegio = facadeClient(server);
    const { data, meta, response } = await altegio.appointments.list.withResponse({
      location_id: 1,
    });
    expect(data).toEqual([{ id: 1 }]);
    expect(meta).toEqual({ page: 1, total_count: 1 });
    expect(response.headers.get("x-trace")).toBe("t-1");
  });

  it("each method exposes its operationId", () => {
    const altegio = facadeClient(server);
    expect(altegio.clients.get.operationId).toBe("get_client");
    expect(altegio.deposits.getByChainAndPhone.operationId).toBe(
      "get_client_account_by_chain_and_phone",
    );
  });

  it("extra headers reach the server; an aborted signal stops the call", async () => {
    const altegio = facadeClient(server);
    await altegio.locations.get({ location_id: 1 }, { headers: { "x-request-id": "abc" } });
    expect(server.requests[0]?.headers["x-request-id"]).toBe("abc");
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      altegio.locations.get({ location_id: 1 }, { signal: controller.signal }),
    );
    expect((error as { code?: string }).code).toBe("aborted");
    expect(server.requests).toHaveLength(1);
  });
});
