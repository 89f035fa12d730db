import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/index.js";
import { envelope, sendJson, startLoopback, type LoopbackServer } from "../support/loopback.js";
import { apiPath, facadeClient, rejection } from "./support.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const JANE = { id: 42, name: "Jane", phone: "+13155550175" };

describe("clients.findByPhone", () => {
  it("in a location: searches by the number's digits, matches exactly, returns the full card", async () => {
    server.setHandler((req, res) => {
      if (req.method === "POST") {
        // The quick search also matches longer numbers and names: only an exact number counts.
        return sendJson(
          res,
          200,
          envelope(
            [
              { id: 7, phone: "+131555501759" },
              { id: 42, phone: "1 (315) 555-0175" },
            ],
            { total_count: 2 },
          ),
        );
      }
      sendJson(res, 200, envelope(JANE));
    });
    const altegio = facadeClient(server);
    const client = await altegio.clients.findByPhone({ location_id: 3, phone: "+1 315-555-0175" });
    expect(client).toEqual(JANE);
    const [search, get] = server.requests;
    expect(apiPath(search!.path)).toBe("/company/3/clients/search");
    expect(search?.json).toMatchObject({
      filters: [{ type: "quick_search", state: { value: "13155550175" } }],
      page: 1,
    });
    expect(apiPath(get!.path)).toBe("/client/3/42");
  });

  it("in a location: undefined when no row has that exact number", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 200, envelope([{ id: 7, phone: "+131555501759" }], { total_count: 1 })),
    );
    const altegio = facadeClient(server);
    expect(
      await altegio.clients.findByPhone({ location_id: 3, phone: "+13155550175" }),
    ).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it("in a chain: the chain lookup with the normalised phone, every record returned", async () => {
    const records = [
      { id: 1, company_id: 10, name: "Jane" },
      { id: 2, company_id: 11, name: "Jane" },
    ];
    server.setHandler((_req, res) =>
      sendJson(res, 200, envelope({ clients: records, phone: "+13155550175", salon_group_id: 5 })),
    );
    const altegio = facadeClient(server);
    const found = await altegio.clients.findByPhone({ chain_id: 5, phone: "00 1 315 555 0175" });
    expect(found).toEqual(records);
    expect(apiPath(server.requests[0]!.path)).toBe("/group/5/clients");
    expect(server.requests[0]?.query.get("phone")).toBe("+13155550175");
  });

  it("refuses a bad phone, or both / neither of location_id and chain_id, before sending", async () => {
    const altegio = facadeClient(server);
    const badPhone = await rejection(
      altegio.clients.findByPhone({ location_id: 1, phone: "call me" }),
    );
    expect((badPhone as InvalidArgumentError).parameter).toBe("phone");
    const both = await rejection(
      altegio.clients.findByPhone({ location_id: 1, chain_id: 2, phone: "+13155550175" } as never),
    );
    expect(both).toBeInstanceOf(InvalidArgumentError);
    const neither = await rejection(
      altegio.clients.findByPhone({ phone: "+13155550175" } as never),
    );
    expect(neither).toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("appointments.listInRange", () => {
  it("pages get_appointment_list over the range, filters kept", async () => {
    server.setHandler((req, res) => {
      const page = Number(req.query.get("page"));
      const items = page <= 2 ? [{ id: page * 10 }, { id: page * 10 + 1 }] : [];
      sendJson(res, 200, envelope(items, { page, total_count: 4 }));
    });
    const altegio = facadeClient(server);
    const list = await altegio.appointments.listInRange({
      location_id: 2,
      from: "2026-03-01",
      to: new Date("2026-03-31T12:00:00Z"),
      team_member_id: 9,
    });
    expect(list.map((a) => a.id)).toEqual([10, 11, 20, 21]);
    expect(server.requests).toHaveLength(2);
    const query = Object.fromEntries(server.requests[0]!.query);
    expect(query).toMatchObject({
      start_date: "2026-03-01",
      end_date: "2026-03-31",
      team_member_id: "9",
      page: "1",
    });
  });

  it("refuses bad or reversed dates before sending", async () => {
    const altegio = facadeClient(server);
    const bad = await rejection(
      altegio.appointments.listInRange({ location_id: 2, from: "03/01/2026", to: "2026-03-31" }),
    );
    expect((bad as InvalidArgumentError).parameter).toBe("from");
    const reversed = await rejection(
      altegio.appointments.listInRange({ location_id: 2, from: "2026-04-01", to: "2026-03-31" }),
    );
    expect(reversed).toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });
});

describe("appointments.book", () => {
  it("sends create_appointment with the API's field names and units", async () => {
    server.setHandler((_req, res) => sendJson(res, 201, envelope({ id: 555 })));
    const altegio = facadeClient(server);
    const created = await altegio.appointments.book({
      location_id: 4,
      team_member_id: 8,
      services: [12, { id: 13, cost: 50, discount: 10 }],
      client: { phone: "+1 (315) 555-0175", name: "Jane" },
      start: "2026-03-01T10:00:00+01:00",
      duration_minutes: 90,
      comment: "first visit",
      send_sms: true,
      extra: { api_id: "ext-1" },
    });
    expect(created).toEqual({ id: 555 });
    const request = server.requests[0]!;
    expect(request.method).toBe("POST");
    expect(apiPath(request.path)).toBe("/records/4");
    expect(request.json).toEqual({
      api_id: "ext-1",
      staff_id: 8,
      services: [{ id: 12 }, { id: 13, cost: 50, discount: 10 }],
      client: { phone: "+13155550175", name: "Jane" },
      datetime: "2026-03-01T10:00:00+01:00",
      seance_length: 5400,
      comment: "first visit",
      send_sms: true,
    });
  });

  it("refuses bad input before sending anything", async () => {
    const altegio = facadeClient(server);
    const base = {
      location_id: 4,
      team_member_id: 8,
      services: [12],
      client: { phone: "+13155550175" },
      start: new Date("2026-03-01T09:00:00Z"),
      duration_minutes: 60,
    };
    const cases: [Partial<typeof base> & Record<string, unknown>, string][] = [
      [{ services: [] }, "services"],
      [{ services: [0] }, "services[0]"],
      [{ duration_minutes: 0 }, "duration_minutes"],
      [{ start: "tomorrow" as never }, "start"],
      [{ client: { phone: "12" } }, "client.phone"],
    ];
    for (const [patch, parameter] of cases) {
      const error = await rejection(altegio.appointments.book({ ...base, ...patch } as never));
      expect((error as InvalidArgumentError).parameter, parameter).toBe(parameter);
    }
    expect(server.requests).toHaveLength(0);
  });
});
