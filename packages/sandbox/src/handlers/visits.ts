/**
 * `search_client_visits`: a client's visit history, newest first, in batches of 25 visits (plus
 * any more on the same day as the 25th). `meta` is `{count, from, to}` where `from`/`to` is the
 * window to send for the next batch; the last batch's meta has no `from`/`to`.
 */
import type { Appointment } from "../state/model.js";
import { asRecord, idParam, invalid, type HandlerInput, type HandlerOutput } from "./types.js";

const BATCH = 25;

const dayOf = (a: Appointment): string => a.datetime.slice(0, 10);

function dayBefore(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

function paymentStatus(a: Appointment): string {
  return a.attendance === 1 ? "paid_full" : "not_paid";
}

export function visitSearch({ state, params, body }: HandlerInput): HandlerOutput {
  const locationId = idParam(params, "location_id");
  const input = asRecord(body);
  const clientId = input.client_id ?? null;
  const clientPhone = input.client_phone ?? null;
  if (clientId === null && (clientPhone === null || clientPhone === "")) {
    throw invalid({ client_id: ["Either client_id or client_phone is required"] });
  }
  const from = typeof input.from === "string" ? input.from : null;
  const to = typeof input.to === "string" ? input.to : null;
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== null && !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw invalid({ [name]: [`The ${name} date must look like 2026-01-31`] });
    }
  }
  const statuses = Array.isArray(input.payment_statuses) ? input.payment_statuses.map(String) : [];
  const attendance = typeof input.attendance === "number" ? input.attendance : null;

  const client = state.clients
    .where((c) => c.location_id === locationId)
    .find((c) => (clientId !== null ? c.id === Number(clientId) : c.phone === String(clientPhone)));
  const visits = client
    ? state.appointments
        .where((a) => !a.deleted && a.location_id === locationId && a.client?.id === client.id)
        .filter((a) => (from === null || dayOf(a) >= from) && (to === null || dayOf(a) <= to))
        .filter((a) => attendance === null || a.attendance === attendance)
        .filter((a) => statuses.length === 0 || statuses.includes(paymentStatus(a)))
        .sort((a, b) => b.datetime.localeCompare(a.datetime) || b.id - a.id)
    : [];

  let end = Math.min(BATCH, visits.length);
  const lastDay = end > 0 ? dayOf(visits[end - 1] as Appointment) : undefined;
  while (end < visits.length && dayOf(visits[end] as Appointment) === lastDay) end++;
  const page = visits.slice(0, end);
  const rest = visits.slice(end);
  const earliest = rest.length > 0 ? dayOf(rest[rest.length - 1] as Appointment) : undefined;
  // The described meta has string from/to: the last batch simply leaves them out.
  const meta: Record<string, unknown> = { count: page.length };
  if (rest.length > 0 && lastDay !== undefined) {
    meta.from = from ?? earliest ?? dayBefore(lastDay);
    meta.to = dayBefore(lastDay);
  }

  const records = page.map((a) => {
    const staff = state.staff.get(a.staff_id);
    const company = state.locations.get(a.location_id);
    return {
      id: a.id,
      visit_id: a.visit_id,
      date: a.datetime,
      attendance: a.attendance,
      comment: a.comment,
      payment_status: paymentStatus(a),
      services: a.services.map((s) => ({ ...s })),
      staff: staff ? { id: staff.id, name: staff.name } : {},
      company: company ? { id: company.id, title: company.title } : {},
      comer: {},
      tips: {},
    };
  });
  return { data: { records, goods_transactions: [] }, meta };
}
