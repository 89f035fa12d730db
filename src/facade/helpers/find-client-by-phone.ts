/**
 * `altegio.clients.findByPhone`: a client by phone number, in one location or across a chain.
 *
 * - `{ location_id, phone }`: the clients search (`quick_search` filter on the number's digits),
 *   rows compared digit for digit with the normalised phone (the search also matches names and
 *   parts of numbers), then the full client card of the first exact match; `undefined` if none.
 * - `{ chain_id, phone }`: the chain lookup by phone; every client record of that person in the
 *   chain's locations (one per location), `[]` if none.
 * The phone goes through `normalizePhone` first: a number that is not one fails before sending.
 */
import type { components } from "../../../generated/schema.js";
import { InvalidArgumentError } from "../../core/errors.js";
import { normalizePhone } from "../../core/phone.js";
import type { CallOptions } from "../../core/pipeline.js";
import type { ResponseData } from "../types.js";
import type { HelperFacade } from "./facade.js";

export interface PhoneLookup {
  /** The number in any common notation: `+1 (315) 555-0175`, `0013155550175`... */
  phone: string;
  /** Country calling code for numbers written without one (e.g. `"44"`); see normalizePhone. */
  defaultCountryCode?: string;
}

export interface FindInLocation extends PhoneLookup {
  location_id: number;
}

export interface FindInChain extends PhoneLookup {
  chain_id: number;
}

export type Client = components["schemas"]["Client"];

/** One client record of the person in one of the chain's locations. */
export type ChainClient = NonNullable<
  ResponseData<"get_chain_client_by_phone_number">["clients"]
>[number];

export interface FindByPhone {
  /** The location's client with this phone (full card), or undefined. */
  (args: FindInLocation, options?: CallOptions): Promise<Client | undefined>;
  /** The chain's client records with this phone (one per location), or []. */
  (args: FindInChain, options?: CallOptions): Promise<ChainClient[]>;
}

/** Search rows read at most (pages of 200): a phone matches few clients. */
const MAX_ROWS = 1000;

export async function findClientByPhone(
  facade: HelperFacade,
  args: FindInLocation | FindInChain,
  options: CallOptions = {},
): Promise<Client | ChainClient[] | undefined> {
  if (typeof args !== "object" || args === null) {
    throw new InvalidArgumentError("args", "findByPhone takes { location_id | chain_id, phone }.");
  }
  const phone = normalizePhone(args.phone, {
    ...(args.defaultCountryCode !== undefined
      ? { defaultCountryCode: args.defaultCountryCode }
      : {}),
  });
  const hasLocation = "location_id" in args && args.location_id !== undefined;
  const hasChain = "chain_id" in args && args.chain_id !== undefined;
  if (hasLocation === hasChain) {
    throw new InvalidArgumentError(
      hasLocation ? "chain_id" : "location_id",
      "findByPhone needs exactly one of location_id and chain_id.",
    );
  }
  if (hasChain) {
    const data = await facade.chains.getClientByPhoneNumber(
      { chain_id: (args as FindInChain).chain_id, phone },
      options,
    );
    return data.clients ?? [];
  }

  const locationId = (args as FindInLocation).location_id;
  const digits = phone.slice(1);
  const rows = facade.paginate(
    facade.clients.list,
    {
      location_id: locationId,
      body: {
        // The description types `state` as an empty object (a truncated schema).
        filters: [
          { type: "quick_search", state: { value: digits } as unknown as Record<string, never> },
        ],
        fields: ["id", "phone"],
      },
    },
    { ...options, maxPages: MAX_ROWS / 200 },
  );
  for await (const row of rows) {
    const rowPhone = (row as { phone?: unknown }).phone;
    if (typeof row.id === "number" && samePhone(rowPhone, digits)) {
      return facade.clients.get({ location_id: locationId, id: row.id }, options);
    }
  }
  return undefined;
}

function samePhone(value: unknown, digits: string): boolean {
  return typeof value === "string" && value.replace(/\D/g, "").replace(/^00/, "") === digits;
}
