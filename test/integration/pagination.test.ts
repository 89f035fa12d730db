/**
 * The SDK's paginators against the sandbox's paging styles: page + count in the query
 * (appointments, locations), page + page_size in the clients search body, from/to windows of the
 * client visits search, and collectAll's cap. Counts are checked against the sandbox's own data
 * and the requests it saw.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PaginationError, type AltegioClient } from "../../src/index.js";
import type { Sandbox } from "altegio-sdk-sandbox";
import { LOCATION, countOf, logOf, sdkFor, startTestSandbox } from "./support.js";

let sandbox: Sandbox;
let altegio: AltegioClient;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  altegio = sdkFor(sandbox);
  await altegio.login();
});
afterAll(() => sandbox.close());
// Tests compare counters before and after; only the visits test writes (its own client's visits).

function liveAppointments(locationId: number): number[] {
  return sandbox.state.appointments
    .where((a) => a.location_id === locationId && !a.deleted)
    .map((a) => a.id)
    .sort((a, b) => a - b);
}

describe("page + count (query)", () => {
  it("paginate walks every appointment of a location once, 10 per page", async () => {
    const before = countOf(sandbox, "get_appointment_list");
    const pages: number[] = [];
    const ids: number[] = [];
    for await (const page of altegio
      .paginate(altegio.appointments.list, { location_id: LOCATION }, { pageSize: 10 })
      .pages()) {
      pages.push(page.items.length);
      ids.push(...page.items.map((a) => a.id as number));
      expect(page.meta["page"]).toBe(page.number);
    }
    const expected = liveAppointments(LOCATION);
    expect(expected.length).toBeGreaterThan(25);
    expect([...ids].sort((a, b) => a - b)).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 10));
    expect(countOf(sandbox, "get_appointment_list") - before).toBe(pages.length);
    const urls = logOf(sandbox, "get_appointment_list").slice(-pages.length);
    expect(urls.map((r) => new URL(r.url, sandbox.url).searchParams.get("page"))).toEqual(
      pages.map((_, i) => String(i + 1)),
    );
    expect(urls.every((r) => r.url.includes("count=10"))).toBe(true);
  });

  it("collectAll gathers both seeded locations one per page", async () => {
    const before = countOf(sandbox, "get_location_list");
    const locations = await altegio.collectAll(altegio.locations.list, {}, { pageSize: 1 });
    expect(locations.map((l) => l.id).sort()).toEqual([41001, 41002]);
    expect(sandbox.state.locations.all()).toHaveLength(2);
    // total_count (2) is reached after the second page: no third request.
    expect(countOf(sandbox, "get_location_list") - before).toBe(2);
  });

  it("appointments.listInRange reads every page of a date range", async () => {
    const from = "2026-01-03";
    const to = "2026-01-07";
    const inRange = sandbox.state.appointments.where(
      (a) =>
        a.location_id === LOCATION &&
        !a.deleted &&
        a.datetime.slice(0, 10) >= from &&
        a.datetime.slice(0, 10) <= to,
    );
    expect(inRange.length).toBeGreaterThan(0);
    const listed = await altegio.appointments.listInRange(
      { location_id: LOCATION, from, to },
      { pageSize: 5 },
    );
    expect(listed.map((a) => a.id).sort()).toEqual(inRange.map((a) => a.id).sort());
  });
});

describe("page + page_size (clients search body)", () => {
  it("walks the 60 seeded clients in pages of 25, only the fields asked for", async () => {
    const before = countOf(sandbox, "get_client_list");
    const sizes: number[] = [];
    const rows: { id?: number; name?: string }[] = [];
    for await (const page of altegio
      .paginate(
        altegio.clients.list,
        { location_id: LOCATION, body: { fields: ["id", "name"] } },
        { pageSize: 25 },
      )
      .pages()) {
      sizes.push(page.items.length);
      rows.push(...page.items);
      expect(page.meta["total_count"]).toBe(60);
    }
    const seeded = sandbox.state.clients.where((c) => c.location_id === LOCATION);
    expect(seeded).toHaveLength(60);
    expect(sizes).toEqual([25, 25, 10]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(60);
    expect(rows.map((r) => r.id).sort()).toEqual(seeded.map((c) => c.id).sort());
    expect(rows.every((r) => Object.keys(r).sort().join() === "id,name")).toBe(true);
    expect(countOf(sandbox, "get_client_list") - before).toBe(3);
  });

  it("collectAll with a cap: max_items error, or the first `max` with truncate", async () => {
    const params = { location_id: LOCATION, body: { fields: ["id" as const] } };
    const before = countOf(sandbox, "get_client_list");
    const error = await altegio
      .collectAll(altegio.clients.list, params, { pageSize: 25, max: 30 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe("max_items");
    // It stopped at the page that went past the cap: 2 of the 3 pages.
    expect(countOf(sandbox, "get_client_list") - before).toBe(2);

    const first = await altegio.collectAll(altegio.clients.list, params, {
      pageSize: 25,
      max: 30,
      truncate: true,
    });
    expect(first).toHaveLength(30);
    expect(new Set(first.map((c) => c.id)).size).toBe(30);
    expect(countOf(sandbox, "get_client_list") - before).toBe(4);
  });
});

describe("from / to windows (client visits search)", () => {
  it("follows meta.from / meta.to until the last batch, newest first", async () => {
    // One client with 40 attended past visits on distinct days (the seed gives few per client).
    const client = sandbox.state.clients.get(90010)!;
    const template = sandbox.state.appointments.all().find((a) => a.location_id === LOCATION)!;
    for (let i = 0; i < 40; i++) {
      sandbox.state.appointments.insert({
        ...template,
        staff_id: 3004,
        client: { id: client.id, name: client.name, phone: client.phone, email: client.email },
        datetime: new Date(Date.UTC(2025, 9, 1 + i, 9)).toISOString().replace(".000Z", "+00:00"),
        attendance: 1,
        deleted: false,
      });
    }
    const attended = sandbox.state.appointments.where(
      (a) =>
        a.client?.id === client.id &&
        a.location_id === LOCATION &&
        !a.deleted &&
        a.attendance === 1,
    ).length;
    expect(attended).toBeGreaterThanOrEqual(40);

    const before = countOf(sandbox, "search_client_visits");
    const dates: string[] = [];
    const batches: number[] = [];
    for await (const page of altegio
      .paginate(altegio.clients.searchVisits, {
        location_id: LOCATION,
        body: {
          client_id: client.id,
          client_phone: null,
          from: null,
          to: null,
          payment_statuses: [],
          attendance: 1,
        },
      })
      .pages()) {
      const records = page.data.records ?? [];
      batches.push(records.length);
      dates.push(...records.map((r) => String(r.date)));
    }
    expect(dates).toHaveLength(attended);
    expect(new Set(dates).size).toBe(attended);
    expect(dates).toEqual([...dates].sort().reverse());
    // Batches of 25 (more when the 25th visit's day has others): at least two here.
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(attended / 25));
    expect(batches[0]).toBeGreaterThanOrEqual(25);
    expect(countOf(sandbox, "search_client_visits") - before).toBe(batches.length);
  });
});
