/**
 * `altegio.appointments.book`: `create_appointment` with a readable argument shape. Checks the
 * arguments before sending (one POST, never repeated by the SDK), normalises the client's phone,
 * and turns minutes and Dates into what the API takes (`seance_length` seconds, ISO datetime).
 * Resolves to the created appointment (the API wraps it in a list).
 */
import { operations } from "../../../generated/registry.js";
import { unreadCopy } from "../../core/buffered-response.js";
import { InvalidArgumentError, InvalidResponseError } from "../../core/errors.js";
import type { PageItem } from "../pagination.js";
import { normalizePhone } from "../../core/phone.js";
import type { CallOptions } from "../../core/pipeline.js";
import type { MethodParams } from "../types.js";
import type { HelperFacade } from "./facade.js";

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

export type BookAppointment = (
  args: BookAppointmentArgs,
  options?: CallOptions,
) => Promise<BookedAppointment>;

export async function bookAppointment(
  facade: HelperFacade,
  args: BookAppointmentArgs,
  options?: CallOptions,
): Promise<BookedAppointment> {
  if (typeof args !== "object" || args === null) {
    throw new InvalidArgumentError("args", "book takes { location_id, team_member_id, ... }.");
  }
  const services = serviceLines(args.services);
  if (!Number.isFinite(args.duration_minutes) || args.duration_minutes <= 0) {
    throw new InvalidArgumentError(
      "duration_minutes",
      `book: duration_minutes must be a positive number; got ${String(args.duration_minutes)}.`,
    );
  }
  const client = args.client;
  if (typeof client !== "object" || client === null) {
    throw new InvalidArgumentError("client", "book: client must be { phone, name?, email? }.");
  }
  const phone = normalizePhone(client.phone, {
    parameter: "client.phone",
    ...(args.defaultCountryCode !== undefined
      ? { defaultCountryCode: args.defaultCountryCode }
      : {}),
  });
  const body: CreateBody = {
    ...args.extra,
    staff_id: args.team_member_id,
    services,
    client: { ...client, phone },
    datetime: isoStart(args.start),
    seance_length: Math.round(args.duration_minutes * 60),
    ...(args.comment !== undefined ? { comment: args.comment } : {}),
    ...(args.send_sms !== undefined ? { send_sms: args.send_sms } : {}),
    ...(args.save_if_busy !== undefined ? { save_if_busy: args.save_if_busy } : {}),
  };
  const { data, response } = await facade.appointments.create.withResponse(
    { location_id: args.location_id, body },
    options,
  );
  const created: unknown = Array.isArray(data) ? data[0] : data;
  if (typeof created !== "object" || created === null) {
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
  return created as BookedAppointment;
}

function serviceLines(services: BookAppointmentArgs["services"]): BookServiceLine[] {
  if (!Array.isArray(services) || services.length === 0) {
    throw new InvalidArgumentError("services", "book: services needs at least one service.");
  }
  return services.map((service, index) => {
    const line = typeof service === "number" ? { id: service } : service;
    if (
      typeof line !== "object" ||
      line === null ||
      !Number.isSafeInteger(line.id) ||
      line.id < 1
    ) {
      throw new InvalidArgumentError(
        `services[${index}]`,
        "book: each service is a positive integer ID or { id, cost?, discount? }.",
      );
    }
    return { ...line };
  });
}

function isoStart(start: Date | string): string {
  if (start instanceof Date) {
    if (Number.isNaN(start.getTime())) {
      throw new InvalidArgumentError("start", "book: start is an invalid Date.");
    }
    return start.toISOString();
  }
  const hasTime = typeof start === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(start);
  if (!hasTime || Number.isNaN(Date.parse(start))) {
    throw new InvalidArgumentError(
      "start",
      `book: start must be a Date or an ISO 8601 date-time; got ${JSON.stringify(start)}.`,
    );
  }
  return start;
}
