/**
 * Appointments (records): the list with `page` + `count` and `meta.total_count`, create (409 when
 * the team member is already booked, unless `save_if_busy`), read, update, delete.
 */
import { SandboxProblem, notFound } from "../envelope.js";
import type { Appointment, AppointmentService } from "../state/model.js";
import { apiDateTime, apiSpacedDateTime, nowDateTime, type SandboxState } from "../state/store.js";
import { findTeamMember } from "./staff.js";
import {
  asRecord,
  idParam,
  invalid,
  optionalNumber,
  pageWindow,
  type HandlerInput,
  type HandlerMap,
} from "./types.js";
import type { FieldErrors } from "altegio-sdk";

export function appointmentView(state: SandboxState, a: Appointment): Record<string, unknown> {
  const staff = state.staff.get(a.staff_id);
  const start = new Date(a.datetime);
  return {
    id: a.id,
    company_id: a.location_id,
    staff_id: a.staff_id,
    services: a.services.map((s) => ({ ...s })),
    staff: staff
      ? { id: staff.id, name: staff.name, specialization: staff.specialization }
      : { id: a.staff_id },
    client: a.client ? { ...a.client } : null,
    clients_count: 1,
    date: apiSpacedDateTime(start),
    datetime: a.datetime,
    create_date: a.create_date,
    last_change_date: a.last_change_date,
    comment: a.comment,
    online: false,
    visit_attendance: a.attendance,
    attendance: a.attendance,
    confirmed: a.confirmed,
    seance_length: a.seance_length,
    length: a.seance_length,
    technical_break_duration: 0,
    sms_before: 0,
    sms_now: 0,
    sms_now_text: "",
    email_now: 0,
    notified: 0,
    master_request: 0,
    api_id: a.api_id,
    from_url: "",
    review_requested: 0,
    visit_id: a.visit_id,
    created_user_id: a.created_user_id,
    deleted: a.deleted,
    paid_full: 0,
    prepaid: false,
    prepaid_confirmed: false,
    is_update_blocked: false,
    activity_id: a.activity_id,
    custom_color: a.custom_color,
    custom_font_color: "",
    record_labels: [],
    documents: [],
    goods_transactions: [],
    consumables: [],
    finance_transactions: [],
    resource_instance_ids: [],
    custom_fields: [],
  };
}

function findAppointment(state: SandboxState, locationId: number, id: number): Appointment {
  const a = state.appointments.get(id);
  if (!a || a.deleted || a.location_id !== locationId) throw notFound("Appointment");
  return a;
}

const ends = (a: Pick<Appointment, "datetime" | "seance_length">): number =>
  Date.parse(a.datetime) + a.seance_length * 1000;

/** 409 when another live appointment of the same team member overlaps this one. */
function checkSlot(state: SandboxState, candidate: Omit<Appointment, "id">, selfId?: number) {
  const start = Date.parse(candidate.datetime);
  const clash = state.appointments
    .all()
    .find(
      (other) =>
        other.id !== selfId &&
        !other.deleted &&
        other.staff_id === candidate.staff_id &&
        Date.parse(other.datetime) < ends(candidate) &&
        start < ends(other),
    );
  if (clash) {
    throw new SandboxProblem(409, "The team member is busy at this time", {
      datetime: [`The slot overlaps appointment ${clash.id}`],
    });
  }
}

/** Reads a create/update body into appointment fields; 422 names every bad field. */
function appointmentFields(
  input: HandlerInput,
  locationId: number,
  current: Appointment | undefined,
): Omit<Appointment, "id"> {
  const { state } = input;
  const body = asRecord(input.body);
  const errors: FieldErrors = {};
  if (Number(body.activity_id ?? 0) > 0) {
    errors.activity_id = ["The sandbox has no group events; use activity_id 0"];
  }
  const staffId = Number(body.staff_id ?? current?.staff_id);
  let staffOk = false;
  try {
    findTeamMember(state, locationId, staffId);
    staffOk = true;
  } catch {
    errors.staff_id = ["The team member does not exist at this location"];
  }
  const datetime = body.datetime ?? current?.datetime;
  const start = typeof datetime === "string" ? Date.parse(datetime) : NaN;
  if (!Number.isFinite(start)) errors.datetime = ["The datetime must be an ISO 8601 date-time"];
  const length = Number(body.seance_length ?? current?.seance_length);
  if (!(length > 0)) errors.seance_length = ["The seance_length must be a positive number"];

  let services: AppointmentService[] = current?.services ?? [];
  if (body.services !== undefined) {
    const list = Array.isArray(body.services) ? body.services.map(asRecord) : [];
    services = [];
    for (const item of list) {
      const service = state.services.get(Number(item.id));
      if (!service || service.location_id !== locationId) {
        errors.services = [`Service ${String(item.id)} does not exist at this location`];
        break;
      }
      const cost = Number(item.cost ?? service.price_min);
      services.push({
        id: service.id,
        title: service.title,
        cost,
        first_cost: Number(item.first_cost ?? cost),
        discount: Number(item.discount ?? 0),
      });
    }
  }
  if (services.length === 0)
    errors.services = errors.services ?? ["At least one service is required"];

  const clientInput = body.client === undefined ? undefined : asRecord(body.client);
  let client = current?.client ?? null;
  if (clientInput) {
    const phone = typeof clientInput.phone === "string" ? clientInput.phone.trim() : "";
    if (!phone) errors["client.phone"] = ["The client phone is required"];
    const known = state.clients
      .where((c) => c.location_id === locationId)
      .find((c) => c.phone === phone);
    client = {
      id: known?.id ?? null,
      name: String(clientInput.name ?? (known ? `${known.name} ${known.surname}` : "")),
      phone,
      email: String(clientInput.email ?? known?.email ?? ""),
    };
  }
  if (!client) errors.client = ["The client field is required"];
  if (Object.keys(errors).length > 0 || !staffOk) throw invalid(errors);

  const now = nowDateTime();
  return {
    location_id: locationId,
    staff_id: staffId,
    services,
    client,
    datetime: apiDateTime(new Date(start)),
    seance_length: length,
    comment: typeof body.comment === "string" ? body.comment : (current?.comment ?? ""),
    attendance: typeof body.attendance === "number" ? body.attendance : (current?.attendance ?? 0),
    confirmed: 1,
    api_id: typeof body.api_id === "string" ? body.api_id : (current?.api_id ?? ""),
    activity_id: 0,
    visit_id: current?.visit_id ?? state.nextVisitId(),
    created_user_id: current?.created_user_id ?? input.caller.user?.id ?? 0,
    create_date: current?.create_date ?? now,
    last_change_date: now,
    deleted: false,
    custom_color:
      typeof body.custom_color === "string" ? body.custom_color : (current?.custom_color ?? ""),
  };
}

function inDateRange(value: string, from: unknown, to: unknown): boolean {
  const day = value.slice(0, 10);
  return (
    (typeof from !== "string" || from === "" || day >= from.slice(0, 10)) &&
    (typeof to !== "string" || to === "" || day <= to.slice(0, 10))
  );
}

export const appointmentHandlers: HandlerMap = {
  get_appointment_list({ state, params, query }) {
    const locationId = idParam(params, "location_id");
    const { page, size, offset } = pageWindow(
      optionalNumber(query, "page"),
      optionalNumber(query, "count"),
      {
        size: 25,
        max: 200,
        sizeName: "count",
      },
    );
    const staffId = optionalNumber(query, "team_member_id");
    const clientId = optionalNumber(query, "client_id");
    const creator = optionalNumber(query, "created_user_id");
    const withDeleted = query.with_deleted === true || query.with_deleted === "true";
    const changedAfter =
      typeof query.changed_after === "string" ? Date.parse(query.changed_after) : NaN;
    const changedBefore =
      typeof query.changed_before === "string" ? Date.parse(query.changed_before) : NaN;
    const rows = state.appointments
      .where((a) => a.location_id === locationId && (withDeleted || !a.deleted))
      .filter((a) => staffId === undefined || a.staff_id === staffId)
      .filter((a) => clientId === undefined || a.client?.id === clientId)
      .filter((a) => creator === undefined || a.created_user_id === creator)
      .filter((a) => inDateRange(a.datetime, query.start_date, query.end_date))
      .filter((a) => inDateRange(a.create_date, query.c_start_date, query.c_end_date))
      .filter((a) => Number.isNaN(changedAfter) || Date.parse(a.last_change_date) >= changedAfter)
      .filter((a) => Number.isNaN(changedBefore) || Date.parse(a.last_change_date) <= changedBefore)
      .sort((a, b) => a.datetime.localeCompare(b.datetime) || a.id - b.id);
    return {
      data: rows.slice(offset, offset + size).map((a) => appointmentView(state, a)),
      meta: { page, total_count: rows.length },
    };
  },

  create_appointment(input) {
    const locationId = idParam(input.params, "location_id");
    const fields = appointmentFields(input, locationId, undefined);
    if (asRecord(input.body).save_if_busy !== true) checkSlot(input.state, fields);
    const created = input.state.appointments.insert(fields);
    return { data: [appointmentView(input.state, created)] };
  },

  get_appointment({ state, params }) {
    const a = findAppointment(state, idParam(params, "location_id"), idParam(params, "record_id"));
    return { data: appointmentView(state, a) };
  },

  update_appointment(input) {
    const locationId = idParam(input.params, "location_id");
    const current = findAppointment(input.state, locationId, idParam(input.params, "record_id"));
    const fields = appointmentFields(input, locationId, current);
    if (asRecord(input.body).save_if_busy !== true) checkSlot(input.state, fields, current.id);
    Object.assign(current, fields);
    return { data: appointmentView(input.state, current) };
  },

  delete_appointment({ state, params }) {
    const a = findAppointment(state, idParam(params, "location_id"), idParam(params, "record_id"));
    a.deleted = true;
    a.last_change_date = nowDateTime();
    return { data: null };
  },
};
