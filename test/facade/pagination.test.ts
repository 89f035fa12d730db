import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AbortedError, InvalidArgumentError, PaginationError } from "../../src/index.js";
import {
  envelope,
  sendJson,
  startLoopback,
  type LoopbackServer,
  type SeenRequest,
} from "../support/loopback.js";
import { facadeClient, rejection } from "./support.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopback();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

/** `total` items with ids 1..total, served in pages of the size asked for (capped at `cap`). */
function pagedItems(
  total: number,
  read: (req: SeenRequest) => { page: number; size: number | undefined },
  options: { cap?: number; defaultSize?: number; reportedTotal?: number | null } = {},
) {
  server.setHandler((req, res) => {
    const { page, size: asked } = read(req);
    const size = Math.min(asked ?? options.defaultSize ?? 20, options.cap ?? Infinity);
    const from = (page - 1) * size;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({
      id: from + i + 1,
    }));
    const reported = options.reportedTotal === undefined ? total : options.reportedTotal;
    sendJson(
      res,
      200,
      envelope(items, reported === null ? { page } : { page, total_count: reported }),
    );
  });
}

const fromQuery = (req: SeenRequest) => ({
  page: Number(req.query.get("page") ?? 1),
  size: req.query.has("count") ? Number(req.query.get("count")) : undefined,
});
const fromBody = (req: SeenRequest) => {
  const body = req.json as { page?: number; page_size?: number };
  return { page: body.page ?? 1, size: body.page_size };
};

const ids = (items: readonly { id?: number }[]) => items.map((i) => i.id);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("page-count (query page + count)", () => {
  it("walks every page and stops when total_count is reached", async () => {
    pagedItems(45, fromQuery);
    const altegio = facadeClient(server);
    const items = await altegio.collectAll(
      altegio.appointments.list,
      { location_id: 1 },
      { pageSize: 20 },
    );
    expect(ids(items)).toEqual(range(45));
    expect(server.requests.map((r) => r.query.get("page"))).toEqual(["1", "2", "3"]);
    expect(server.requests.every((r) => r.query.get("count") === "20")).toBe(true);
  });

  it("without a total: stops on a short page; the page size is learned from the first page", async () => {
    pagedItems(45, fromQuery, { reportedTotal: null, defaultSize: 20 });
    const altegio = facadeClient(server);
    const items = await altegio.collectAll("get_appointment_list", { location_id: 1 });
    expect(ids(items)).toEqual(range(45));
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.query.has("count")).toBe(false);
  });

  it("without a total and an exact multiple: stops on the empty page", async () => {
    pagedItems(40, fromQuery, { reportedTotal: null });
    const altegio = facadeClient(server);
    const items = await altegio.collectAll(altegio.appointments.list, {
      location_id: 1,
      count: 20,
    });
    expect(items).toHaveLength(40);
    expect(server.requests).toHaveLength(3);
  });

  it("a server capping the page size below the one asked is followed to the total", async () => {
    pagedItems(45, fromQuery, { cap: 10 });
    const altegio = facadeClient(server);
    const items = await altegio.collectAll(
      altegio.appointments.list,
      { location_id: 1 },
      { pageSize: 50 },
    );
    expect(ids(items)).toEqual(range(45));
    expect(server.requests).toHaveLength(5);
  });

  it("a server claiming more than it has: stops on the first empty page", async () => {
    pagedItems(25, fromQuery, { reportedTotal: 1000 });
    const altegio = facadeClient(server);
    const items = await altegio.collectAll(altegio.appointments.list, {
      location_id: 1,
      count: 10,
    });
    expect(ids(items)).toEqual(range(25));
    expect(server.requests).toHaveLength(4); // 10 + 10 + 5 + empty
  });

  it("a server claiming fewer than it has: total_count is trusted, the walk stops there", async () => {
    pagedItems(100, fromQuery, { reportedTotal: 15 });
    const altegio = facadeClient(server);
    const items = await altegio.collectAll(altegio.appointments.list, {
      location_id: 1,
      count: 10,
    });
    expect(ids(items)).toEqual(range(20));
    expect(server.requests).toHaveLength(2);
  });

  it("a server answering every page with the same items: PaginationError repeated_page", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 200, envelope([{ id: 1 }, { id: 2 }], { total_count: 1_000_000 })),
    );
    const altegio = facadeClient(server);
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of altegio.paginate(altegio.appointments.list, {
          location_id: 1,
          count: 2,
        })) {
          seen.push(item);
        }
      })(),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe("repeated_page");
    expect((error as PaginationError).pagesRead).toBe(1);
    expect(seen).toHaveLength(2); // the first page was yielded, the repeat was not
    expect(server.requests).toHaveLength(2);
  });

  it("a server that never ends: PaginationError max_pages after maxPages requests", async () => {
    server.setHandler((req, res) => {
      const page = Number(req.query.get("page"));
      sendJson(res, 200, envelope([{ id: page * 2 }, { id: page * 2 + 1 }]));
    });
    const altegio = facadeClient(server);
    const error = await rejection(
      altegio.collectAll(altegio.appointments.list, { location_id: 1, count: 2 }, { maxPages: 7 }),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe("max_pages");
    expect((error as PaginationError).itemsRead).toBe(14);
    expect(server.requests).toHaveLength(7);
  });

  it("starts from the page given and keeps the other filters on every page", async () => {
    pagedItems(30, fromQuery);
    const altegio = facadeClient(server);
    const pages = [];
    for await (const page of altegio
      .paginate(altegio.appointments.list, { location_id: 1, page: 2, count: 10, client_id: 4 })
      .pages()) {
      pages.push(page);
    }
    expect(pages.map((p) => p.number)).toEqual([1, 2]);
    expect(ids(pages[0]!.items)).toEqual(range(20).slice(10));
    expect(pages[0]?.meta).toEqual({ page: 2, total_count: 30 });
    expect(pages[0]?.response.status).toBe(200);
    expect(server.requests.map((r) => r.query.get("client_id"))).toEqual(["4", "4"]);
  });

  it("breaking out of the loop sends no further request", async () => {
    pagedItems(100, fromQuery);
    const altegio = facadeClient(server);
    let n = 0;
    for await (const _ of altegio.paginate(altegio.appointments.list, {
      location_id: 1,
      count: 10,
    })) {
      if (++n === 15) break;
    }
    expect(server.requests).toHaveLength(2);
  });
});

describe("body-page (clients search: page + page_size in the body)", () => {
  it("pages through the body, 200 per page by default, other body fields kept", async () => {
    pagedItems(450, fromBody);
    const altegio = facadeClient(server);
    const items = await altegio.collectAll(altegio.clients.list, {
      location_id: 1,
      body: { fields: ["id", "name"], order_by: "name" },
    });
    expect(ids(items)).toEqual(range(450));
    expect(server.requests.map((r) => r.json)).toEqual(
      [1, 2, 3].map((page) => ({
        fields: ["id", "name"],
        order_by: "name",
        page,
        page_size: 200,
      })),
    );
  });

  it("page_size above 200 is refused before sending", async () => {
    const altegio = facadeClient(server);
    const fromOption = await rejection(
      altegio.collectAll(altegio.clients.list, { location_id: 1, body: {} }, { pageSize: 500 }),
    );
    expect(fromOption).toBeInstanceOf(InvalidArgumentError);
    expect(() =>
      altegio.paginate(altegio.clients.list, { location_id: 1, body: {} }, { pageSize: 201 }),
    ).toThrow(InvalidArgumentError);
    const fromBodyField = await rejection(
      altegio.collectAll(altegio.clients.list, { location_id: 1, body: { page_size: 250 } }),
    );
    expect((fromBodyField as InvalidArgumentError).parameter).toBe("page_size");
    expect(server.requests).toHaveLength(0);
  });

  it("a lying total with repeated pages ends in repeated_page, not a loop", async () => {
    server.setHandler((_req, res) =>
      sendJson(res, 200, envelope([{ id: 1 }], { total_count: 99 })),
    );
    const altegio = facadeClient(server);
    const error = await rejection(
      altegio.collectAll(altegio.clients.list, { location_id: 1, body: { page_size: 1 } }),
    );
    expect((error as PaginationError).reason).toBe("repeated_page");
    expect(server.requests).toHaveLength(2);
  });
});

describe("meta-from-to (client visits search)", () => {
  const batches = [
    { from: null, to: null, next: { from: "2025-01-01", to: "2025-06-30" } },
    { from: "2025-01-01", to: "2025-06-30", next: { from: "2025-01-01", to: "2025-03-31" } },
    { from: "2025-01-01", to: "2025-03-31", next: { from: null, to: null } },
  ];

  it("follows meta.from / meta.to until the window is empty", async () => {
    server.setHandler((req, res) => {
      const body = req.json as { from?: string | null; to?: string | null };
      const index = batches.findIndex(
        (b) => b.from === (body.from ?? null) && b.to === (body.to ?? null),
      );
      const batch = batches[index];
      if (!batch)
        return sendJson(res, 422, { success: false, data: null, meta: { message: "bad window" } });
      sendJson(
        res,
        200,
        envelope({ records: [{ id: index + 1 }], goods_transactions: [] }, batch.next),
      );
    });
    const altegio = facadeClient(server);
    const pages = await altegio.collectAll(altegio.clients.searchVisits, {
      location_id: 1,
      body: {
        client_id: 5,
        client_phone: null,
        attendance: null,
        payment_statuses: [],
        from: null,
        to: null,
      },
    });
    expect(pages.map((p) => p.records?.[0]?.id)).toEqual([1, 2, 3]);
    expect(server.requests.map((r) => (r.json as { from: unknown }).from)).toEqual([
      null,
      "2025-01-01",
      "2025-01-01",
    ]);
    expect(server.requests.every((r) => (r.json as { client_id: number }).client_id === 5)).toBe(
      true,
    );
  });

  it("stops on an empty batch even if meta still has a window", async () => {
    server.setHandler((_req, res) =>
      sendJson(
        res,
        200,
        envelope({ records: [], goods_transactions: [] }, { from: "2025-01-01", to: "2025-01-31" }),
      ),
    );
    const altegio = facadeClient(server);
    expect(
      await altegio.collectAll(altegio.clients.searchVisits, {
        location_id: 1,
        body: { client_id: 5 } as never,
      }),
    ).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("a next window already read: PaginationError not_advancing", async () => {
    let n = 0;
    server.setHandler((_req, res) => {
      n += 1;
      // Alternates between two windows, each with different data: a cycle, not a repeated page.
      const next =
        n % 2 === 1
          ? { from: "2025-01-01", to: "2025-01-31" }
          : { from: "2025-02-01", to: "2025-02-28" };
      sendJson(res, 200, envelope({ records: [{ id: n }] }, next));
    });
    const altegio = facadeClient(server);
    const error = await rejection(
      altegio.collectAll(altegio.clients.searchVisits, {
        location_id: 1,
        body: { client_id: 5 } as never,
      }),
    );
    expect(error).toBeInstanceOf(PaginationError);
    expect((error as PaginationError).reason).toBe("not_advancing");
    expect(server.requests).toHaveLength(3);
  });
});

describe("date-window (start_date + end_date)", () => {
  it("splits the range into windows of windowDays, in order", async () => {
    server.setHandler((req, res) =>
      sendJson(res, 200, envelope([{ date: req.query.get("start_date"), staff_id: 1 }])),
    );
    const altegio = facadeClient(server);
    const rows = await altegio.collectAll(
      altegio.schedules.listTeamMemberSchedules,
      { location_id: 1, start_date: "2026-01-25", end_date: "2026-02-10", "staff_ids[]": [1] },
      { windowDays: 7 },
    );
    expect(
      server.requests.map((r) => [r.query.get("start_date"), r.query.get("end_date")]),
    ).toEqual([
      ["2026-01-25", "2026-01-31"],
      ["2026-02-01", "2026-02-07"],
      ["2026-02-08", "2026-02-10"],
    ]);
    expect(rows.map((r) => r.date)).toEqual(["2026-01-25", "2026-02-01", "2026-02-08"]);
    expect(server.requests.every((r) => r.url.includes("staff_ids[]=1"))).toBe(true);
  });

  it("refuses a missing or reversed range, and too many windows, before sending", async () => {
    const altegio = facadeClient(server);
    const missing = await rejection(
      altegio.collectAll(altegio.schedules.listTeamMemberSchedules, { location_id: 1 }),
    );
    expect((missing as InvalidArgumentError).parameter).toBe("start_date");
    const reversed = await rejection(
      altegio.collectAll(altegio.schedules.listTeamMemberSchedules, {
        location_id: 1,
        start_date: "2026-02-01",
        end_date: "2026-01-01",
      }),
    );
    expect(reversed).toBeInstanceOf(InvalidArgumentError);
    const tooMany = await rejection(
      altegio.collectAll(
        altegio.schedules.listTeamMemberSchedules,
        { location_id: 1, start_date: "2020-01-01", end_date: "2026-01-01" },
        { windowDays: 1, maxPages: 100 },
      ),
    );
    expect((tooMany as PaginationError).reason).toBe("max_pages");
    expect(server.requests).toHaveLength(0);
  });
});

describe("abort, caps and misuse", () => {
  it("an AbortSignal fired between pages stops the walk with AbortedError", async () => {
    pagedItems(1000, fromQuery);
    const altegio = facadeClient(server);
    const controller = new AbortController();
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of altegio.paginate(
          altegio.appointments.list,
          { location_id: 1, count: 10 },
          { signal: controller.signal },
        )) {
          seen.push(item);
          if (seen.length === 15) controller.abort();
        }
      })(),
    );
    expect(error).toBeInstanceOf(AbortedError);
    expect(seen).toHaveLength(15); // not even the rest of the page already read
    expect(server.requests).toHaveLength(2);
  });

  it("an AbortSignal fired while a page is in flight cancels that request", async () => {
    let secondAnswered = false;
    server.setHandler((req, res) => {
      const page = Number(req.query.get("page"));
      const items = Array.from({ length: 10 }, (_, i) => ({ id: page * 100 + i }));
      const answer = () => {
        if (page > 1) secondAnswered = true;
        sendJson(res, 200, envelope(items, { total_count: 1000 }));
      };
      if (page === 1) answer();
      else setTimeout(answer, 2_000).unref();
    });
    const altegio = facadeClient(server);
    const controller = new AbortController();
    const pages: number[] = [];
    const error = await rejection(
      (async () => {
        for await (const page of altegio
          .paginate(
            altegio.appointments.list,
            { location_id: 1, count: 10 },
            { signal: controller.signal },
          )
          .pages()) {
          pages.push(page.number);
          setTimeout(() => controller.abort(), 50);
        }
      })(),
    );
    expect((error as { code?: string }).code).toBe("aborted");
    expect(pages).toEqual([1]);
    expect(secondAnswered).toBe(false); // rejected without waiting for the server
    expect(server.requests).toHaveLength(2);
  });

  it("collectAll throws max_items past the cap, or truncates when asked", async () => {
    pagedItems(50, fromQuery);
    const altegio = facadeClient(server);
    const error = await rejection(
      altegio.collectAll(altegio.appointments.list, { location_id: 1, count: 10 }, { max: 25 }),
    );
    expect((error as PaginationError).reason).toBe("max_items");
    const first = await altegio.collectAll(
      altegio.appointments.list,
      { location_id: 1, count: 10 },
      { max: 25, truncate: true },
    );
    expect(ids(first)).toEqual(range(25));
  });

  it("an operation that is not paged is refused", () => {
    const altegio = facadeClient(server);
    expect(() =>
      altegio.paginate(altegio.clients.get as never, { location_id: 1, id: 1 } as never),
    ).toThrow(InvalidArgumentError);
    expect(() => altegio.paginate("no_such_operation" as never, {} as never)).toThrow(
      InvalidArgumentError,
    );
  });
});
