import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { LOCATION, call, login, startTestSandbox } from "./support/client.js";
import { expectConforms } from "./support/conformance.js";

let sandbox: Sandbox;
let user: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  user = await login(sandbox);
});
afterAll(() => sandbox.close());

const MAX_PAGES = 20;

describe("page + count in the query (appointments, locations)", () => {
  it("walks every appointment of a location exactly once, with meta.total_count", async () => {
    const seen: number[] = [];
    let total = -1;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const reply = await call(sandbox, "GET", `/records/${LOCATION}?page=${page}&count=10`, {
        user,
      });
      expect(reply.status).toBe(200);
      await expectConforms("get_appointment_list", reply);
      expect(reply.json.meta.page).toBe(page);
      total = reply.json.meta.total_count;
      seen.push(...reply.json.data.map((a: { id: number }) => a.id));
      if (reply.json.data.length < 10) break;
    }
    const live = sandbox.state.appointments.where((a) => a.location_id === LOCATION && !a.deleted);
    expect(total).toBe(live.length);
    expect(total).toBeGreaterThan(25);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(live.map((a) => a.id).sort());
  });

  it("filters appointments by team member and date window", async () => {
    const reply = await call(
      sandbox,
      "GET",
      `/records/${LOCATION}?team_member_id=3001&start_date=2026-01-05&end_date=2026-01-06&count=200`,
      { user },
    );
    expect(reply.status).toBe(200);
    for (const a of reply.json.data) {
      expect(a.staff_id).toBe(3001);
      expect(a.date >= "2026-01-05" && a.date <= "2026-01-06 23:59:59").toBe(true);
    }
  });

  it("refuses a count above 200 with 422", async () => {
    const reply = await call(sandbox, "GET", `/records/${LOCATION}?count=500`, { user });
    expect(reply.status).toBe(422);
    expect(reply.json.meta.errors.count).toBeDefined();
  });

  it("pages locations with page + count", async () => {
    const first = await call(sandbox, "GET", "/companies?page=1&count=1");
    const second = await call(sandbox, "GET", "/companies?page=2&count=1");
    const third = await call(sandbox, "GET", "/companies?page=3&count=1");
    expect(first.json.data[0].id).not.toBe(second.json.data[0].id);
    expect(third.json.data).toEqual([]);
    expect(first.json.meta.total_count).toBe(2);
  });
});

describe("page + page_size in the body (clients search)", () => {
  it("returns 60 seeded clients over three pages of 25, only the requested fields", async () => {
    const ids: number[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const reply = await call(sandbox, "POST", `/company/${LOCATION}/clients/search`, {
        user,
        body: { page, page_size: 25, fields: ["id", "name", "phone"] },
      });
      expect(reply.status).toBe(200);
      await expectConforms("get_client_list", reply);
      expect(reply.json.meta.total_count).toBe(60);
      for (const row of reply.json.data) {
        expect(Object.keys(row).sort()).toEqual(["id", "name", "phone"]);
        expect(row.phone).toMatch(/^\+1\d{10}$/);
      }
      ids.push(...reply.json.data.map((c: { id: number }) => c.id));
      if (reply.json.data.length < 25) break;
    }
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
  });

  it("returns only ids without fields, and filters with quick_search", async () => {
    const bare = await call(sandbox, "POST", `/company/${LOCATION}/clients/search`, {
      user,
      body: { page_size: 2 },
    });
    expect(bare.json.data.every((row: object) => Object.keys(row).join() === "id")).toBe(true);
    const someone = sandbox.state.clients.get(90007)!;
    const found = await call(sandbox, "POST", `/company/${LOCATION}/clients/search`, {
      user,
      body: {
        filters: [{ type: "quick_search", state: { value: someone.phone } }],
        fields: ["phone"],
      },
    });
    expect(found.json.data).toEqual([{ id: 90007, phone: someone.phone }]);
    expect(found.json.meta.total_count).toBe(1);
  });

  it("refuses page_size above 200", async () => {
    const reply = await call(sandbox, "POST", `/company/${LOCATION}/clients/search`, {
      user,
      body: { page_size: 201 },
    });
    expect(reply.status).toBe(422);
    expect(reply.json.meta.errors.page_size).toBeDefined();
  });

  it("sorts by the requested field and direction", async () => {
    const reply = await call(sandbox, "POST", `/company/${LOCATION}/clients/search`, {
      user,
      body: { page_size: 200, fields: ["name"], order_by: "name", order_by_direction: "DESC" },
    });
    const names = reply.json.data.map((c: { name: string }) => c.name);
    expect(names).toEqual([...names].sort().reverse());
  });
});

describe("from / to windows in meta (client visits search)", () => {
  it("walks a client's visits newest first in batches, following meta.from / meta.to", async () => {
    // Give one client more than 25 past visits, on distinct days.
    const client = sandbox.state.clients.get(90010)!;
    for (let i = 0; i < 40; i++) {
      const day = new Date(Date.UTC(2025, 9, 1 + i, 9));
      sandbox.state.appointments.insert({
        ...sandbox.state.appointments.get(300001)!,
        staff_id: 3004,
        client: { id: client.id, name: client.name, phone: client.phone, email: client.email },
        datetime: day.toISOString().replace(".000Z", "+00:00"),
        attendance: 1,
        deleted: false,
      });
    }
    const expected = sandbox.state.appointments.where(
      (a) => a.client?.id === client.id && !a.deleted,
    ).length;
    let window: { from: string | null; to: string | null } = { from: null, to: null };
    const seen: string[] = [];
    for (let batch = 0; batch < MAX_PAGES; batch++) {
      const reply = await call(sandbox, "POST", `/company/${LOCATION}/clients/visits/search`, {
        user,
        body: {
          client_id: client.id,
          client_phone: null,
          ...window,
          payment_statuses: [],
          attendance: 1,
        },
      });
      expect(reply.status).toBe(200);
      await expectConforms("search_client_visits", reply);
      const dates = reply.json.data.records.map((r: { date: string }) => r.date);
      expect(dates).toEqual([...dates].sort().reverse());
      seen.push(...dates);
      if (!("to" in reply.json.meta)) break;
      window = { from: reply.json.meta.from, to: reply.json.meta.to };
    }
    const attended = sandbox.state.appointments.where(
      (a) => a.client?.id === client.id && !a.deleted && a.attendance === 1,
    ).length;
    expect(seen).toHaveLength(attended);
    expect(attended).toBeGreaterThan(25);
    expect(expected).toBeGreaterThanOrEqual(attended);
  });

  it("answers 422 without a client id or phone", async () => {
    const reply = await call(sandbox, "POST", `/company/${LOCATION}/clients/visits/search`, {
      user,
      body: {
        client_id: null,
        client_phone: null,
        from: null,
        to: null,
        payment_statuses: [],
        attendance: 1,
      },
    });
    expect(reply.status).toBe(422);
  });
});

describe("unpaged full lists", () => {
  it("lists every service and team member of a location at once", async () => {
    const services = await call(sandbox, "GET", `/services/${LOCATION}`, { user });
    expect(services.json.data).toHaveLength(6);
    await expectConforms("get_service_list", services);
    const staff = await call(sandbox, "GET", `/staff/${LOCATION}`, { user });
    expect(staff.json.data).toHaveLength(4);
    await expectConforms("get_team_member_list", staff);
  });
});
