/**
 * `altegio.clients.findByPhone`. The phone is normalised first (not a number: fails before
 * sending). In a location: the clients search (`quick_search` on the digits, which also matches
 * names and parts of numbers), rows compared digit for digit, then the first exact match's full
 * card. In a chain: the chain lookup by phone, one client record per location.
 */
import type { components } from "../../../generated/schema.js";
import { InvalidArgumentError } from "../../core/errors.js";
import { normalizePhone } from "../../core/phone.js";
import type { CallOptions } from "../../core/pipeline.js";
import type { ResponseData } from "../types.js";
import type { HelperFacade } from "./index.js";

interface PhoneLookup {
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

export async function findClientByPhone(
  facade: HelperFacade,
  args: PhoneLookup & { location_id?: number; chain_id?: number },
  options: CallOptions = {},
): Promise<Client | ChainClient[] | undefined> {
  if (typeof args !== "object" || args === null) {
    throw new InvalidArgumentError("args", "findByPhone takes { location_id | chain_id, phone }.");
  }
  const { location_id, chain_id, defaultCountryCode } = args;
  const phone = normalizePhone(args.phone, { defaultCountryCode });
  if ((location_id === undefined) === (chain_id === undefined)) {
    throw new InvalidArgumentError(
      location_id === undefined ? "location_id" : "chain_id",
      "findByPhone needs exactly one of location_id and chain_id.",
    );
  }
  if (chain_id !== undefined) {
    const data = await facade.chains.getClientByPhoneNumber({ chain_id, phone }, options);
    return data.clients ?? [];
  }
  const digits = phone.slice(1);
  // The description types a filter's `state` as an empty object (a truncated schema).
  const filter = {
    type: "quick_search",
    state: { value: digits } as unknown as Record<string, never>,
  };
  const rows = facade.paginate(
    facade.clients.list,
    { location_id: location_id!, body: { filters: [filter], fields: ["id", "phone"] } },
    { ...options, maxPages: 5 }, // 1,000 rows: a phone matches few clients
  );
  for await (const row of rows) {
    if (typeof row.id === "number" && samePhone((row as { phone?: unknown }).phone, digits)) {
      return facade.clients.get({ location_id: location_id!, id: row.id }, options);
    }
  }
  return undefined;
}

function samePhone(value: unknown, digits: string): boolean {
  return typeof value === "string" && value.replace(/\D/g, "").replace(/^00/, "") === digits;
}
