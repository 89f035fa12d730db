/** Locations (`/companies`, `/company/{location_id}`): list with page + count, CRUD. */
import { notFound } from "../envelope.js";
import type { Location } from "../state/model.js";
import {
  asRecord,
  idParam,
  invalid,
  optionalNumber,
  pageWindow,
  pickDefined,
  requireString,
  type HandlerMap,
} from "./types.js";
import type { FieldErrors } from "altegio-sdk";

const EDITABLE = [
  "title",
  "short_descr",
  "description",
  "business_type_id",
  "address",
  "city",
  "city_id",
  "country",
  "country_id",
  "zip",
  "coordinate_lat",
  "coordinate_lon",
  "phones",
  "site",
  "social",
] as const;

export function locationView(location: Location): Record<string, unknown> {
  return {
    ...location,
    active_staff_count: 0,
    schedule: "",
    logo: "",
    app_android: "",
    app_ios: "",
    phone_confirmation: false,
    group_priority: 0,
    main_group_id: 0,
  };
}

export const locationHandlers: HandlerMap = {
  get_location_list({ state, query }) {
    const { page, size, offset } = pageWindow(
      optionalNumber(query, "page"),
      optionalNumber(query, "count"),
      {
        size: 25,
        max: 200,
        sizeName: "count",
      },
    );
    const id = optionalNumber(query, "id");
    const cityId = optionalNumber(query, "city_id");
    const minId = optionalNumber(query, "min_id");
    const all = state.locations
      .all()
      .filter((l) => id === undefined || l.id === id)
      .filter((l) => cityId === undefined || l.city_id === cityId)
      .filter((l) => minId === undefined || l.id >= minId);
    return {
      data: all.slice(offset, offset + size).map(locationView),
      meta: { page, total_count: all.length },
    };
  },

  create_location({ state, body }) {
    const input = asRecord(body);
    const errors: FieldErrors = {};
    const title = requireString(input, "title", errors);
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const location = state.locations.insert({
      title,
      public_title: title,
      short_descr: String(input.short_descr ?? ""),
      description: "",
      business_type_id: Number(input.business_type_id ?? 1),
      address: String(input.address ?? ""),
      city: "",
      city_id: Number(input.city_id ?? 0),
      country: "",
      country_id: Number(input.country_id ?? 0),
      zip: "",
      coordinate_lat: Number(input.coordinate_lat ?? 0),
      coordinate_lon: Number(input.coordinate_lon ?? input.coordinate_lot ?? 0),
      phone: "",
      phones: [],
      site: String(input.site ?? ""),
      timezone: 0,
      timezone_name: "UTC",
      currency_short_title: "USD",
      social: {},
      active: 1,
    });
    return { data: locationView(location) };
  },

  get_location({ state, params }) {
    const location = state.locations.get(idParam(params, "location_id"));
    if (!location) throw notFound("Location");
    return { data: locationView(location) };
  },

  update_location({ state, params, body }) {
    const id = idParam(params, "location_id");
    const changes = pickDefined(asRecord(body), EDITABLE) as Partial<Location>;
    if (changes.title !== undefined && String(changes.title).trim() === "") {
      throw invalid({ title: ["The title field must not be empty"] });
    }
    const location = state.locations.update(id, changes);
    if (!location) throw notFound("Location");
    return { data: locationView(location) };
  },

  delete_location({ state, params }) {
    if (!state.locations.delete(idParam(params, "location_id"))) throw notFound("Location");
    return { data: null };
  },
};
