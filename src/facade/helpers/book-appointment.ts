/**
 * `altegio.appointments.book`: `create_appointment` with a readable argument shape. The arguments
 * are checked before the one POST (never repeated by the SDK); the client's phone is normalised,
 * minutes and Dates become what the API takes (`seance_length` seconds, ISO datetime).
 */
import { operations } from "../../../generated/registry.js";
import { unreadCopy } from "../../core/buffered-response.js";
import { InvalidArgumentError, InvalidResponseError } from "../../core/errors.js";
import { normalizePhone } from "../../core/phone.js";
import type { CallOptions } from "../../core/pipeline.js";
import type { PageItem } from "../pagination.js";
import type { MethodParams } from "../types.js";
import type { HelperFacade } from "./index.js";

type CreateBody = MethodParams<"create_appointment">["body"];

export interface BookServiceLine {
  id: number;
  /** Total cost of the service; the location's price list applies when omitted. */
  cost?: number;
  first_cost?: number;
  /** Discount, percent. */
  discount?: number;
}

export interface BookAppointmentArgs {
  location_id: number;
  team_member_id: number;
  /** Service IDs, or lines with a price and discount. At least one. */
  services: readonly (number | BookServiceLine)[];
  client: { phone: string; name?: string; email?: string };
  /** Start: a Date, or ISO 8601 with the offset (`2026-03-01T10:00:00+01:00`). */
  start: Date | string;
  /** Length of the session in minutes (technical break included). */
  duration_minutes: number;
  comment?: string;
  /** Text the client gets by SMS about the booking. */
  send_sms?: boolean;
  /** Keep the appointment even if the slot is busy or outside working hours (default: error). */
  save_if_busy?: boolean;
  /** Country calling code for a client phone written without one. */
  defaultCountryCode?: string;
  /** Any other field of the create_appointment body (api_id, custom_fields, reminders...). */
  extra?: Partial<CreateBody>;
}

/** The appointment created (the API answers with a list holding it). */
export type BookedAppointment = PageItem<"create_appointment">;

export async function bookAppointment(
  facade: HelperFacade,
  args: BookAppointmentArgs,
  options?: CallOptions,
): Promise<BookedAppointment> {
  const fail = (parameter: string, why: string): never => {
    throw new InvalidArgumentError(parameter, `book: ${why}`);
  };
  if (typeof args !== "object" || args === null) {
    throw new InvalidArgumentError("args", "book takes { location_id, team_member_id, ... }.");
  }
  if (!Array.isArray(args.services) || args.services.length === 0) {
    fail("services", "services needs at least one service.");
  }
  const services = args.services.map((service, index) => {
    const line = typeof service === "number" ? { id: service } : service;
    const valid = typeof line === "object" && line !== null && Number.isSafeInteger(line.id);
    if (!valid || line.id < 1) {
      fail(
        `services[${index}]`,
        "each service is a positive integer ID or { id, cost?, discount? }.",
      );
    }
    return { ...line };
  });
  const minutes = args.duration_minutes;
  if (!Number.isFinite(minutes) || minutes <= 0) {
    fail("duration_minutes", `duration_minutes must be a positive number; got ${String(minutes)}.`);
  }
  const client = args.client;
  if (typeof client !== "object" || client === null) {
    fail("client", "client must be { phone, name?, email? }.");
  }
  const phone = normalizePhone(client.phone, {
    parameter: "client.phone",
    defaultCountryCode: args.defaultCountryCode,
  });
  const start = args.start;
  const validStart =
    start instanceof Date
      ? !Number.isNaN(start.getTime())
      : typeof start === "string" &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(start) &&
        !Number.isNaN(Date.parse(start));
  if (!validStart) {
    const got = start instanceof Date ? "an invalid Date" : JSON.stringify(start);
    fail("start", `start must be a Date or an ISO 8601 date-time; got ${got}.`);
  }
  const body: CreateBody = {
    ...args.extra,
    // What `extra` holds, unless given as an argument too.
    comment: args.comment ?? args.extra?.comment,
    send_sms: args.send_sms ?? args.extra?.send_sms,
    save_if_busy: args.save_if_busy ?? args.extra?.save_if_busy,
    staff_id: args.team_member_id,
    services,
    client: { ...client, phone },
    datetime: start instanceof Date ? start.toISOString() : start,
    seance_length: Math.round(minutes * 60),
  };
  const { data, response } = await facade.appointments.create.withResponse(
    { location_id: args.location_id, body },
    options,
  );
  const created: unknown = Array.isArray(data) ? data[0] : data;
  if (typeof created === "object" && created !== null) return created as BookedAppointment;
  throw new InvalidResponseError({
    operationId: "create_appointment",
    method: "POST",
    // From the registry: the path moves between revisions (1.0.1 puts it under /v1).
    path: operations.create_appointment.path,
    status: response.status,
    response: unreadCopy(response),
    // A 2xx: the booking was most likely made. Do not book again without checking.
    mayHaveBeenApplied: true,
    message:
      "The API confirmed the booking but sent no appointment back; the write may have been applied.",
  });
}
