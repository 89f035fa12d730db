/**
 * Clients: CRUD, bulk create (a JSON array), the search with `page` + `page_size` in the body
 * (max 200, `meta.total_count`), the deprecated GET list with `page` + `count`, and the visit
 * history search paged by date windows returned in `meta.from` / `meta.to`.
 */
import { notFound } from "../envelope.js";
import type { Client } from "../state/model.js";
import { nowDateTime, type SandboxState } from "../state/store.js";
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
import { visitSearch } from "./visits.js";

const EDITABLE = [
  "name",
  "surname",
  "middle_name",
  "phone",
  "email",
  "gender_id",
  "importance_id",
  "discount",
  "card",
  "birth_date",
  "comment",
  "sms_check",
  "sms_not",
  "spent",
  "balance",
  "custom_fields",
] as const;

const GENDERS = ["Unknown", "Male", "Female"] as const;
const IMPORTANCE = ["No importance class", "Bronze", "Silver", "Gold"] as const;

export function clientView(client: Client): Record<string, unknown> {
  return {
    id: client.id,
    name: client.name,
    surname: client.surname,
    middle_name: client.middle_name,
    patronymic: client.middle_name,
    display_name: `${client.name} ${client.surname}`.trim(),
    phone: client.phone,
    email: client.email,
    categories: client.categories,
    sex_id: client.gender_id,
    sex: GENDERS[client.gender_id] ?? GENDERS[0],
    gender_id: client.gender_id,
    gender: GENDERS[client.gender_id] ?? GENDERS[0],
    importance_id: client.importance_id,
    importance: IMPORTANCE[client.importance_id] ?? IMPORTANCE[0],
    discount: client.discount,
    card: client.card,
    birth_date: client.birth_date,
    comment: client.comment,
    sms_check: client.sms_check,
    sms_not: client.sms_not,
    spent: client.spent,
    paid: client.spent,
    balance: client.balance,
    visits: client.visits,
    last_change_date: client.last_change_date,
    custom_fields: client.custom_fields,
  };
}

/** The client of this location, or 404. */
export function findClient(state: SandboxState, locationId: number, clientId: number): Client {
  const client = state.clients.get(clientId);
  if (!client || client.location_id !== locationId) throw notFound("Client");
  return client;
}

/** Checks and normalises a create/update body; `errors` names every bad field. */
function clientFields(input: Record<string, unknown>, errors: FieldErrors): Partial<Client> {
  const fields = pickDefined(input, EDITABLE) as Partial<Client>;
  fields.name = requireString(input, "name", errors);
  fields.phone = requireString(input, "phone", errors);
  if (fields.phone && !/^\+?\d{10,15}$/.test(fields.phone.replace(/[\s()-]/g, ""))) {
    errors.phone = ["The phone must be a phone number, e.g. +13155550175"];
  }
  if (typeof fields.email === "string" && fields.email !== "" && !fields.email.includes("@")) {
    errors.email = ["The email must be a valid email address"];
  }
  return fields;
}

function newClient(locationId: number, fields: Partial<Client>): Omit<Client, "id"> {
  return {
    location_id: locationId,
    name: "",
    surname: "",
    middle_name: "",
    phone: "",
    email: "",
    gender_id: 0,
    importance_id: 0,
    discount: 0,
    card: "",
    birth_date: "",
    comment: "",
    sms_check: 0,
    sms_not: 0,
    spent: 0,
    balance: 0,
    visits: 0,
    categories: [],
    custom_fields: {},
    ...fields,
    last_change_date: nowDateTime(),
  };
}

/** What `fields` of the clients search asks for, in the API's names. */
const SEARCH_FIELDS: Record<string, (c: Client) => unknown> = {
  id: (c) => c.id,
  name: (c) => c.name,
  surname: (c) => c.surname,
  patronymic: (c) => c.middle_name,
  phone: (c) => c.phone,
  email: (c) => c.email,
  discount: (c) => c.discount,
  first_visit_date: () => null,
  last_visit_date: () => null,
  sold_amount: (c) => c.spent,
  visits_count: (c) => c.visits,
  visit_count: (c) => c.visits,
  tips_count: () => 0,
  deposit_balance: (c) => c.balance,
  reserved_deposit_balance: () => 0,
};

function matchesFilter(client: Client, filter: Record<string, unknown>): boolean {
  const state = asRecord(filter.state);
  switch (filter.type) {
    case "quick_search": {
      const needle = String(state.value ?? "")
        .trim()
        .toLowerCase();
      const hay = `${client.name} ${client.surname} ${client.phone} ${client.email}`.toLowerCase();
      return needle === "" || hay.includes(needle);
    }
    case "id":
      return Array.isArray(state.value) && state.value.map(Number).includes(client.id);
    case "sold_amount":
      return (
        client.spent >= Number(state.from ?? -Infinity) &&
        client.spent <= Number(state.to ?? Infinity)
      );
    case "importance":
      return Array.isArray(state.value) && state.value.map(Number).includes(client.importance_id);
    case "gender":
      return Array.isArray(state.value) && state.value.map(Number).includes(client.gender_id);
    default:
      // Filters the sandbox does not model keep every client.
      return true;
  }
}

export const clientHandlers: HandlerMap = {
  get_client({ state, params }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "id"));
    return { data: clientView(client) };
  },

  create_client({ state, params, body }) {
    const errors: FieldErrors = {};
    const fields = clientFields(asRecord(body), errors);
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const client = state.clients.insert(newClient(idParam(params, "location_id"), fields));
    return { data: clientView(client) };
  },

  update_client({ state, params, body }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "id"));
    const errors: FieldErrors = {};
    const fields = clientFields(asRecord(body), errors);
    if (Object.keys(errors).length > 0) throw invalid(errors);
    Object.assign(client, fields, { last_change_date: nowDateTime() });
    return { data: clientView(client) };
  },

  delete_client({ state, params }) {
    const client = findClient(state, idParam(params, "location_id"), idParam(params, "id"));
    state.clients.delete(client.id);
    for (const c of state.comments.where((x) => x.client_id === client.id)) {
      state.comments.delete(c.id);
    }
    for (const f of state.files.where((x) => x.client_id === client.id)) state.files.delete(f.id);
    return { data: null };
  },

  bulk_create_clients({ state, params, body }) {
    const locationId = idParam(params, "location_id");
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) throw invalid({ clients: ["At least one client is required"] });
    if (items.length > 200) throw invalid({ clients: ["At most 200 clients per request"] });
    const created: Record<string, unknown>[] = [];
    const errors: { index: number; message: string; errors: FieldErrors }[] = [];
    items.forEach((item, index) => {
      const fieldErrors: FieldErrors = {};
      const fields = clientFields(asRecord(item), fieldErrors);
      if (Object.keys(fieldErrors).length > 0) {
        errors.push({ index, message: "Validation failed", errors: fieldErrors });
      } else {
        created.push(clientView(state.clients.insert(newClient(locationId, fields))));
      }
    });
    return { data: { created, errors } };
  },

  get_client_list({ state, params, body }) {
    const input = asRecord(body);
    const { size, offset } = pageWindow(
      optionalNumber(input, "page"),
      optionalNumber(input, "page_size"),
      {
        size: 25,
        max: 200,
        sizeName: "page_size",
      },
    );
    const locationId = idParam(params, "location_id");
    const filters = Array.isArray(input.filters) ? input.filters.map(asRecord) : [];
    const any = input.operation === "OR";
    let rows = state.clients.where((c) => c.location_id === locationId);
    if (filters.length > 0) {
      rows = rows.filter((c) =>
        any ? filters.some((f) => matchesFilter(c, f)) : filters.every((f) => matchesFilter(c, f)),
      );
    }
    const orderBy = typeof input.order_by === "string" ? input.order_by : "id";
    const direction = input.order_by_direction === "DESC" ? -1 : 1;
    const key = SEARCH_FIELDS[orderBy] ?? SEARCH_FIELDS.id!;
    rows.sort((a, b) => {
      const x = key(a) as string | number;
      const y = key(b) as string | number;
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * direction;
    });
    const fields = Array.isArray(input.fields) ? input.fields.map(String) : [];
    const unknown = fields.filter((f) => !(f in SEARCH_FIELDS));
    if (unknown.length > 0) throw invalid({ fields: [`Unknown fields: ${unknown.join(", ")}`] });
    const data = rows.slice(offset, offset + size).map((client) => {
      const row: Record<string, unknown> = { id: client.id };
      for (const field of fields) row[field] = SEARCH_FIELDS[field]!(client);
      return row;
    });
    return { data, meta: { total_count: rows.length } };
  },

  deprecated_get_client_list({ state, params, query }) {
    const { page, size, offset } = pageWindow(
      optionalNumber(query, "page"),
      optionalNumber(query, "count"),
      {
        size: 25,
        max: 200,
        sizeName: "count",
      },
    );
    const locationId = idParam(params, "location_id");
    const fullname = String(query.fullname ?? "").toLowerCase();
    const phone = String(query.phone ?? "");
    const email = String(query.email ?? "").toLowerCase();
    const rows = state.clients
      .where((c) => c.location_id === locationId)
      .filter((c) => !fullname || `${c.name} ${c.surname}`.toLowerCase().includes(fullname))
      .filter((c) => !phone || c.phone.includes(phone))
      .filter((c) => !email || c.email.toLowerCase() === email);
    return {
      data: rows.slice(offset, offset + size).map(clientView),
      meta: { page, total_count: rows.length },
    };
  },

  search_client_visits(input) {
    return visitSearch(input);
  },
};
