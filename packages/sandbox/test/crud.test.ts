import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/index.js";
import { LOCATION, OTHER_LOCATION, call, login, startTestSandbox } from "./support/client.js";
import { expectConforms } from "./support/conformance.js";

let sandbox: Sandbox;
let user: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  sandbox.reset();
  user = await login(sandbox);
});

/** Calls as the logged-in user and checks the answer against the description. */
async function api(operationId: string, method: string, path: string, body?: unknown) {
  const reply = await call(sandbox, method, path, { user, body });
  if (reply.text !== "") await expectConforms(operationId, reply);
  return reply;
}

describe("locations", () => {
  it("creates, reads, lists, updates and deletes a location", async () => {
    const created = await api("create_location", "POST", "/companies", {
      title: "Pop-up Studio",
      address: "1 Main St",
      city_id: 5401,
    });
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;
    expect(created.json.data).toMatchObject({ title: "Pop-up Studio", address: "1 Main St" });

    const read = await api("get_location", "GET", `/company/${id}`);
    expect(read.json.data.title).toBe("Pop-up Studio");

    const list = await api("get_location_list", "GET", "/companies");
    expect(list.json.data.map((l: { id: number }) => l.id)).toEqual([LOCATION, OTHER_LOCATION, id]);
    expect(list.json.meta).toEqual({ page: 1, total_count: 3 });

    const updated = await api("update_location", "PUT", `/company/${id}`, { title: "Studio B" });
    expect(updated.status).toBe(200);
    expect(updated.json.data).toMatchObject({ id, title: "Studio B", address: "1 Main St" });

    const deleted = await api("delete_location", "DELETE", `/company/${id}`);
    expect(deleted.status).toBe(202);
    expect((await call(sandbox, "GET", `/company/${id}`)).status).toBe(404);
  });

  it("answers 422 to a location without a title", async () => {
    const reply = await api("create_location", "POST", "/companies", { address: "nowhere" });
    expect(reply.status).toBe(422);
    expect(reply.json.meta.errors.title).toBeDefined();
  });
});

describe("clients and their comments", () => {
  it("creates, reads, updates and deletes a client", async () => {
    const created = await api("create_client", "POST", `/clients/${LOCATION}`, {
      name: "Ada",
      surname: "Lovelace",
      phone: "+13155550111",
      email: "ada@example.com",
    });
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;
    const read = await api("get_client", "GET", `/client/${LOCATION}/${id}`);
    expect(read.json.data).toMatchObject({
      id,
      name: "Ada",
      surname: "Lovelace",
      phone: "+13155550111",
    });

    const updated = await api("update_client", "PUT", `/client/${LOCATION}/${id}`, {
      name: "Ada",
      phone: "+13155550112",
      comment: "prefers mornings",
    });
    expect(updated.json.data).toMatchObject({ phone: "+13155550112", comment: "prefers mornings" });

    // A client belongs to one location.
    expect((await call(sandbox, "GET", `/client/${OTHER_LOCATION}/${id}`, { user })).status).toBe(
      404,
    );

    const deleted = await call(sandbox, "DELETE", `/client/${LOCATION}/${id}`, { user });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expect((await call(sandbox, "GET", `/client/${LOCATION}/${id}`, { user })).status).toBe(404);
  });

  it("refuses a phone that is not a phone number", async () => {
    const reply = await api("create_client", "POST", `/clients/${LOCATION}`, {
      name: "X",
      phone: "call me",
    });
    expect(reply.status).toBe(422);
    expect(reply.json.meta.errors.phone).toBeDefined();
  });

  it("bulk-creates clients from a JSON array, reporting refused rows by index", async () => {
    const reply = await api("bulk_create_clients", "POST", `/clients/${LOCATION}/bulk`, [
      { name: "One", phone: "+13155550121" },
      { name: "Two", phone: "bad" },
      { name: "Three", phone: "+13155550123" },
    ]);
    expect(reply.status).toBe(200);
    expect(reply.json.data.created.map((c: { name: string }) => c.name)).toEqual(["One", "Three"]);
    expect(reply.json.data.errors).toEqual([
      { index: 1, message: "Validation failed", errors: { phone: [expect.any(String)] } },
    ]);
    expect(sandbox.state.clients.where((c) => c.location_id === LOCATION)).toHaveLength(62);
  });

  it("lists, adds and deletes comments of a client", async () => {
    const base = `/company/${LOCATION}/clients/90003/comments`;
    const created = await api("create_client_comment", "POST", base, { text: "Allergic to latex" });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ text: "Allergic to latex", type: "default" });
    expect(created.json.data.user).toMatchObject({ name: "Sandbox Owner" });
    const list = await api("list_client_comments", "GET", base);
    expect(list.json.data).toHaveLength(1);
    const deleted = await call(sandbox, "DELETE", `${base}/${created.json.data.id}`, { user });
    expect(deleted.status).toBe(204);
    expect((await api("list_client_comments", "GET", base)).json.data).toEqual([]);
    expect((await call(sandbox, "POST", base, { user, body: { text: "" } })).status).toBe(422);
  });
});

describe("services", () => {
  it("creates, lists, reads, patches and deletes a service", async () => {
    const created = await api("create_service", "POST", `/services/${LOCATION}`, {
      title: "Beard trim",
      price_min: 20,
      price_max: 25,
      duration: 1800,
      staff: [{ id: 3001, seance_length: 1800 }],
    });
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;
    const list = await api("get_service_list", "GET", `/services/${LOCATION}`);
    expect(list.json.data.map((s: { id: number }) => s.id)).toContain(id);
    const byStaff = await api("get_service_list", "GET", `/services/${LOCATION}?staff_id=3001`);
    expect(byStaff.json.data.map((s: { id: number }) => s.id)).toContain(id);

    const read = await api("get_service", "GET", `/company/${LOCATION}/services/${id}`);
    expect(read.json.data).toMatchObject({ title: "Beard trim", price_min: 20 });

    const patched = await api("patch_service", "PATCH", `/services/${LOCATION}/${id}`, {
      title: "Beard trim deluxe",
      booking_title: "Beard trim deluxe",
      category_id: 1,
      duration: 2700,
      is_multi: false,
      is_need_limit_date: false,
      price_min: 30,
      price_max: 35,
      seance_search_finish: 0,
      seance_search_start: 0,
      seance_search_step: 0,
      step: 0,
      tax_variant: 0,
      vat_id: 0,
    });
    expect(patched.status).toBe(200);
    expect(patched.json.data).toMatchObject({
      title: "Beard trim deluxe",
      price_min: 30,
      duration: 2700,
    });

    expect((await call(sandbox, "DELETE", `/services/${LOCATION}/${id}`, { user })).status).toBe(
      204,
    );
    expect(
      (await call(sandbox, "GET", `/company/${LOCATION}/services/${id}`, { user })).status,
    ).toBe(404);
  });

  it("refuses staff from another location and prices the wrong way round", async () => {
    const reply = await api("create_service", "POST", `/services/${LOCATION}`, {
      title: "X",
      price_min: 50,
      price_max: 10,
      staff: [{ id: 3005, seance_length: 600 }],
    });
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.json.meta.errors).sort()).toEqual(["price_max", "staff"]);
  });
});

describe("team members", () => {
  it("quick-creates, reads (both routes), updates and deletes a team member", async () => {
    const created = await api(
      "create_team_member_quick",
      "POST",
      `/company/${LOCATION}/staff/quick`,
      {
        name: "Rita Moreno",
        specialization: "Colorist",
        position_id: null,
        phone_number: null,
        is_user_invite: false,
        user_email: "rita@example.com",
        user_phone: "+13155550130",
      },
    );
    expect(created.status).toBe(201);
    const id = created.json.data.id as number;

    const list = await api("get_team_member_list", "GET", `/staff/${LOCATION}`);
    expect(list.json.data.map((m: { id: number }) => m.id)).toContain(id);
    const legacy = await api("get_team_member_by_id", "GET", `/staff/${LOCATION}/${id}`);
    expect(legacy.json.data[0]).toMatchObject({ id, name: "Rita Moreno", fired: "0" });
    const modern = await api("get_team_member", "GET", `/company/${LOCATION}/staff/${id}`);
    expect(modern.json.data).toMatchObject({
      id,
      specialization: "Colorist",
      company_id: LOCATION,
    });

    const updated = await api("update_team_member", "PUT", `/staff/${LOCATION}/${id}`, {
      specialization: "Senior colorist",
      hidden: 1,
    });
    expect(updated.json.data).toMatchObject({ specialization: "Senior colorist", hidden: 1 });

    expect((await call(sandbox, "DELETE", `/staff/${LOCATION}/${id}`, { user })).status).toBe(204);
    expect((await call(sandbox, "GET", `/staff/${LOCATION}/${id}`, { user })).status).toBe(404);
  });

  it("removes a deleted team member from the services they performed", async () => {
    await call(sandbox, "DELETE", `/staff/${LOCATION}/3001`, { user });
    const services = sandbox.state.services.where((s) => s.location_id === LOCATION);
    expect(services.every((s) => s.staff.every((link) => link.id !== 3001))).toBe(true);
  });
});

describe("appointments", () => {
  const booking = (datetime: string, staffId = 3002) => ({
    staff_id: staffId,
    services: [{ id: 5001 }],
    client: { phone: "+13155550140", name: "Walk-in Guest" },
    datetime,
    seance_length: 3600,
    comment: "first visit",
  });

  it("creates, reads, updates and deletes an appointment", async () => {
    const created = await api(
      "create_appointment",
      "POST",
      `/records/${LOCATION}`,
      booking("2026-02-02T07:00:00Z"),
    );
    expect(created.status).toBe(201);
    const record = created.json.data[0];
    expect(record).toMatchObject({
      staff_id: 3002,
      datetime: "2026-02-02T07:00:00+00:00",
      seance_length: 3600,
      client: { name: "Walk-in Guest", phone: "+13155550140" },
      services: [{ id: 5001, cost: 65 }],
    });
    const read = await api("get_appointment", "GET", `/record/${LOCATION}/${record.id}`);
    expect(read.json.data.comment).toBe("first visit");

    const moved = await api("update_appointment", "PUT", `/record/${LOCATION}/${record.id}`, {
      ...booking("2026-02-02T08:00:00Z"),
      comment: "moved",
    });
    expect(moved.status).toBe(201);
    expect(moved.json.data).toMatchObject({
      datetime: "2026-02-02T08:00:00+00:00",
      comment: "moved",
    });

    expect(
      (await call(sandbox, "DELETE", `/record/${LOCATION}/${record.id}`, { user })).status,
    ).toBe(204);
    expect((await call(sandbox, "GET", `/record/${LOCATION}/${record.id}`, { user })).status).toBe(
      404,
    );
  });

  it("answers 409 when the team member is already booked, unless save_if_busy", async () => {
    const first = await call(sandbox, "POST", `/records/${LOCATION}`, {
      user,
      body: booking("2026-02-03T10:00:00Z"),
    });
    expect(first.status).toBe(201);
    const overlap = await api(
      "create_appointment",
      "POST",
      `/records/${LOCATION}`,
      booking("2026-02-03T10:30:00Z"),
    );
    expect(overlap.status).toBe(409);
    expect(overlap.json).toMatchObject({
      success: false,
      data: null,
      meta: { message: expect.stringContaining("busy") },
    });
    // Back to back is fine; so is another team member at the same time.
    expect(
      (
        await call(sandbox, "POST", `/records/${LOCATION}`, {
          user,
          body: booking("2026-02-03T11:00:00Z"),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(sandbox, "POST", `/records/${LOCATION}`, {
          user,
          body: booking("2026-02-03T10:30:00Z", 3003),
        })
      ).status,
    ).toBe(201);
    const forced = await call(sandbox, "POST", `/records/${LOCATION}`, {
      user,
      body: { ...booking("2026-02-03T10:30:00Z"), save_if_busy: true },
    });
    expect(forced.status).toBe(201);
  });

  it("answers 409 when an update moves an appointment onto a booked slot", async () => {
    await call(sandbox, "POST", `/records/${LOCATION}`, {
      user,
      body: booking("2026-02-04T10:00:00Z"),
    });
    const second = await call(sandbox, "POST", `/records/${LOCATION}`, {
      user,
      body: booking("2026-02-04T12:00:00Z"),
    });
    const moved = await call(sandbox, "PUT", `/record/${LOCATION}/${second.json.data[0].id}`, {
      user,
      body: booking("2026-02-04T10:15:00Z"),
    });
    expect(moved.status).toBe(409);
  });

  it("answers 422 for an unknown team member or service", async () => {
    const reply = await api("create_appointment", "POST", `/records/${LOCATION}`, {
      ...booking("2026-02-05T10:00:00Z", 999),
      services: [{ id: 1 }],
    });
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.json.meta.errors).sort()).toEqual(["services", "staff_id"]);
  });

  it("answers 422 when the described body schema is not met", async () => {
    const reply = await api("create_appointment", "POST", `/records/${LOCATION}`, {
      comment: "no staff",
    });
    expect(reply.status).toBe(422);
    expect(reply.json.meta.errors).toHaveProperty("staff_id");
  });
});
