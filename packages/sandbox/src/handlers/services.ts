/** Services of a location: the unpaged list, create, read, update (PATCH and legacy PUT), delete. */
import { notFound } from "../envelope.js";
import type { Service, ServiceStaffLink } from "../state/model.js";
import type { SandboxState } from "../state/store.js";
import {
  asRecord,
  idParam,
  invalid,
  optionalNumber,
  pickDefined,
  requireString,
  type HandlerInput,
  type HandlerMap,
  type HandlerOutput,
} from "./types.js";
import type { FieldErrors } from "altegio-sdk";

const EDITABLE = [
  "title",
  "booking_title",
  "category_id",
  "price_min",
  "price_max",
  "discount",
  "duration",
  "comment",
  "active",
  "api_id",
  "weight",
  "technical_break_duration",
] as const;

export function serviceView(service: Service): Record<string, unknown> {
  const { location_id: _location, ...rest } = service;
  return { ...rest, salon_service_id: service.id, staff: service.staff.map((s) => ({ ...s })) };
}

export function findService(state: SandboxState, locationId: number, serviceId: number): Service {
  const service = state.services.get(serviceId);
  if (!service || service.location_id !== locationId) throw notFound("Service");
  return service;
}

/** Checks the `staff` links of a body: every id must be a team member of this location. */
function staffLinks(
  state: SandboxState,
  locationId: number,
  value: unknown,
  defaultLength: number,
  errors: FieldErrors,
): ServiceStaffLink[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.staff = ["The staff field must be a list of {id, seance_length}"];
    return undefined;
  }
  const links: ServiceStaffLink[] = [];
  for (const item of value.map(asRecord)) {
    const member = state.staff.get(Number(item.id));
    if (!member || member.location_id !== locationId) {
      errors.staff = [`Team member ${String(item.id)} does not work at this location`];
      return undefined;
    }
    links.push({ id: member.id, seance_length: Number(item.seance_length ?? defaultLength) });
  }
  return links;
}

function checkPrices(fields: Partial<Service>, errors: FieldErrors): void {
  for (const key of ["price_min", "price_max", "duration"] as const) {
    const value = fields[key];
    if (value !== undefined && !(typeof value === "number" && value >= 0)) {
      errors[key] = [`The ${key} must be a number from 0`];
    }
  }
  if (
    fields.price_min !== undefined &&
    fields.price_max !== undefined &&
    fields.price_min > fields.price_max
  ) {
    errors.price_max = ["The price_max must not be less than price_min"];
  }
}

function updateService({ state, params, body }: HandlerInput): HandlerOutput {
  const locationId = idParam(params, "location_id");
  const service = findService(state, locationId, idParam(params, "service_id"));
  const input = asRecord(body);
  const errors: FieldErrors = {};
  const fields = pickDefined(input, EDITABLE) as Partial<Service>;
  if (fields.title !== undefined && String(fields.title).trim() === "") {
    errors.title = ["The title field must not be empty"];
  }
  checkPrices({ ...service, ...fields }, errors);
  const staff = staffLinks(state, locationId, input.staff, service.duration, errors);
  if (Object.keys(errors).length > 0) throw invalid(errors);
  Object.assign(service, fields, staff ? { staff } : {});
  return { data: serviceView(service) };
}

export const serviceHandlers: HandlerMap = {
  get_service_list({ state, params, query }) {
    const locationId = idParam(params, "location_id");
    const staffId = optionalNumber(query, "staff_id");
    const categoryId = optionalNumber(query, "category_id");
    const services = state.services
      .where((s) => s.location_id === locationId)
      .filter((s) => staffId === undefined || s.staff.some((l) => l.id === staffId))
      .filter((s) => categoryId === undefined || s.category_id === categoryId)
      .map(serviceView);
    return { data: services, meta: { total_count: services.length } };
  },

  create_service({ state, params, body }) {
    const locationId = idParam(params, "location_id");
    const input = asRecord(body);
    const errors: FieldErrors = {};
    const title = requireString(input, "title", errors);
    const fields = pickDefined(input, EDITABLE) as Partial<Service>;
    checkPrices(fields, errors);
    const duration = typeof fields.duration === "number" ? fields.duration : 3600;
    const staff = staffLinks(state, locationId, input.staff, duration, errors) ?? [];
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const service = state.services.insert({
      location_id: locationId,
      booking_title: title,
      category_id: 1,
      price_min: 0,
      price_max: 0,
      discount: 0,
      comment: "",
      active: 1,
      api_id: "",
      weight: 0,
      technical_break_duration: null,
      ...fields,
      title,
      duration,
      staff,
    });
    return { data: serviceView(service) };
  },

  get_service({ state, params }) {
    const service = findService(
      state,
      idParam(params, "location_id"),
      idParam(params, "service_id"),
    );
    return { data: serviceView(service) };
  },

  deprecated_get_service_list_by_id({ state, params }) {
    const service = findService(
      state,
      idParam(params, "location_id"),
      idParam(params, "service_id"),
    );
    return { data: serviceView(service) };
  },

  patch_service: updateService,
  deprecated_update_service_by_id: updateService,

  delete_service({ state, params }) {
    const service = findService(
      state,
      idParam(params, "location_id"),
      idParam(params, "service_id"),
    );
    state.services.delete(service.id);
    return { data: null };
  },
};
