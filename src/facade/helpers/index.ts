/**
 * Hand-written helpers on top of the generated methods, attached to their namespaces:
 * `clients.findByPhone`, `appointments.listInRange`, `appointments.book`. Their names are listed
 * in openapi/method-names.json (`helpers`) so that no generated method can take them.
 */
import type { CallOptions } from "../pipeline.js";
import type { CollectOptions } from "../pagination.js";
import {
  bookAppointment,
  type BookAppointment,
  type BookAppointmentArgs,
} from "./book-appointment.js";
import type { HelperFacade } from "./facade.js";
import {
  findClientByPhone,
  type FindByPhone,
  type FindInChain,
  type FindInLocation,
} from "./find-client-by-phone.js";
import {
  listAppointmentsInRange,
  type ListInRange,
  type ListInRangeArgs,
} from "./list-appointments.js";

export interface ClientHelpers {
  /**
   * The client with this phone: `{ location_id, phone }` → the full client card or undefined;
   * `{ chain_id, phone }` → the person's client records in the chain's locations.
   * Helper (clients search / chain lookup by phone), not an operation of the API.
   */
  readonly findByPhone: FindByPhone;
}

export interface AppointmentHelpers {
  /**
   * Every appointment with a session from `from` to `to` (inclusive), all pages read, at most
   * `options.max` (10,000 by default). Helper over `appointments.list`.
   */
  readonly listInRange: ListInRange;
  /**
   * Books an appointment: `{ location_id, team_member_id, services, client, start,
   * duration_minutes }`. Helper over `appointments.create` (`POST /records/{location_id}`).
   */
  readonly book: BookAppointment;
}

/** Adds the helpers to the facade's namespaces (in place). */
export function attachHelpers(facade: HelperFacade): void {
  Object.assign(facade.clients, {
    findByPhone: (args: FindInLocation | FindInChain, options?: CallOptions) =>
      findClientByPhone(facade, args, options),
  });
  Object.assign(facade.appointments, {
    listInRange: (args: ListInRangeArgs, options?: CollectOptions) =>
      listAppointmentsInRange(facade, args, options),
    book: (args: BookAppointmentArgs, options?: CallOptions) =>
      bookAppointment(facade, args, options),
  });
}

export type {
  BookAppointment,
  BookAppointmentArgs,
  BookedAppointment,
  BookServiceLine,
} from "./book-appointment.js";
export type {
  ChainClient,
  Client,
  FindByPhone,
  FindInChain,
  FindInLocation,
  PhoneLookup,
} from "./find-client-by-phone.js";
export type { Appointment, ListInRange, ListInRangeArgs } from "./list-appointments.js";
