/**
 * `altegio.appointments.listInRange`: every appointment whose session falls between two dates,
 * all pages read (`get_appointment_list` with `start_date` / `end_date`, page + count).
 * For a stream instead of an array: `altegio.paginate(altegio.appointments.list, {...})`.
 */
import { InvalidArgumentError } from "../../core/errors.js";
import type { CollectOptions, PageItem } from "../pagination.js";
import type { MethodParams } from "../types.js";
import type { HelperFacade } from "./facade.js";

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

export type ListInRange = (
  args: ListInRangeArgs,
  options?: CollectOptions,
) => Promise<Appointment[]>;

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
  return facade.collectAll(
    facade.appointments.list,
    { ...filters, start_date: start, end_date: end },
    options,
  );
}

function day(name: string, value: string | Date): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InvalidArgumentError(name, `listInRange: ${name} is an invalid Date.`);
    }
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
  }
  throw new InvalidArgumentError(
    name,
    `listInRange: ${name} must be a date like 2026-03-01 or a Date; got ${JSON.stringify(value)}.`,
  );
}
