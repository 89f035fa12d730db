/**
 * Hand-written helpers over the generated methods, by namespace. Adding one: its file, a line in
 * `helpers` and its type below. Their names are listed in openapi/method-names.json (`helpers`)
 * so that no generated method can take them.
 */
import type { CallOptions } from "../../core/pipeline.js";
import type { CollectOptions, PaginationMethods } from "../pagination.js";
import type { GeneratedResources } from "../types.js";
import {
  bookAppointment,
  type BookAppointmentArgs,
  type BookedAppointment,
} from "./book-appointment.js";
import { findClientByPhone, type FindByPhone } from "./find-client-by-phone.js";
import {
  listAppointmentsInRange,
  type Appointment,
  type ListInRangeArgs,
} from "./list-appointments.js";

/** namespace → helper name → implementation, called with the client as its first argument. */
export const helpers = {
  clients: { findByPhone: findClientByPhone },
  appointments: { listInRange: listAppointmentsInRange, book: bookAppointment },
};

/** What the helpers use of the client. */
export type HelperFacade = Pick<GeneratedResources, "clients" | "chains" | "appointments"> &
  PaginationMethods;

export interface ClientHelpers {
  /**
   * The client with this phone: `{ location_id, phone }` → the full client card or undefined;
   * `{ chain_id, phone }` → the person's records in the chain's locations. Not an API operation.
   */
  readonly findByPhone: FindByPhone;
}

export interface AppointmentHelpers {
  /**
   * Every appointment with a session from `from` to `to` (inclusive), all pages read, at most
   * `options.max` (10,000 by default). Helper over `appointments.list`.
   */
  readonly listInRange: (args: ListInRangeArgs, options?: CollectOptions) => Promise<Appointment[]>;
  /**
   * Books an appointment: `{ location_id, team_member_id, services, client, start,
   * duration_minutes }`. Helper over `appointments.create` (`POST /records/{location_id}`).
   */
  readonly book: (args: BookAppointmentArgs, options?: CallOptions) => Promise<BookedAppointment>;
}

export type * from "./book-appointment.js";
export type * from "./find-client-by-phone.js";
export type * from "./list-appointments.js";
