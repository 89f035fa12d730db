/**
 * `altegio.appointments.listInRange`: every appointment with a session between two days, all pages
 * of `get_appointment_list` read. For a stream: `altegio.paginate(altegio.appointments.list, ...)`.
 */
import { InvalidArgumentError } from "../../core/errors.js";
import { isoDay, parseDay, type CollectOptions, type PageItem } from "../pagination.js";
import type { MethodParams } from "../types.js";
import type { HelperFacade } from "./index.js";

export type Appointment = PageItem<"get_appointment_list">;

export type ListInRangeArgs = Omit<
  MethodParams<"get_appointment_list">,
  "start_date" | "end_date" | "page" | "count"
> & {
  /** First day, inclusive: `2026-03-01` or a Date (its UTC day). */
  from: string | Date;
  /** Last day, inclusive. */
  to: string | Date;
};

export async function listAppointmentsInRange(
  facade: HelperFacade,
  args: ListInRangeArgs,
  options: CollectOptions = {},
): Promise<Appointment[]> {
  if (typeof args !== "object" || args === null) {
    throw new InvalidArgumentError("args", "listInRange takes { location_id, from, to, ... }.");
  }
  const { from, to, ...filters } = args;
  const start = day("from", from);
  const end = day("to", to);
  if (start > end) {
    throw new InvalidArgumentError("from", `listInRange: from (${start}) is after to (${end}).`);
  }
  const params = { ...filters, start_date: start, end_date: end };
  return facade.collectAll(facade.appointments.list, params, options);
}

function day(name: string, value: string | Date): string {
  const time = value instanceof Date ? value.getTime() : parseDay(value);
  if (Number.isNaN(time)) {
    const got = value instanceof Date ? "an invalid Date" : JSON.stringify(value);
    const why = `${name} must be a date like 2026-03-01 or a Date; got ${got}.`;
    throw new InvalidArgumentError(name, `listInRange: ${why}`);
  }
  return value instanceof Date ? isoDay(time) : value;
}
