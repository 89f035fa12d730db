/**
 * Paging style of an operation, derived by rule (see model.ts PagingStyle), with the exceptions
 * declared in openapi/paging.json taking precedence:
 * - query `page` + `count` → page-count;
 * - JSON body with `page` + `page_size` → body-page;
 * - query `start_date` + `end_date` without `page` → date-window;
 * - anything else → null (not paged, or paged in a way the SDK does not walk).
 */
import { CodegenError } from "./errors.js";
import type { PagingStyle } from "./model.js";
import { isRecord, readConfigFile } from "./util.js";

export const PAGING_CONFIG_PATH = "openapi/paging.json";
const STYLES: readonly PagingStyle[] = ["page-count", "body-page", "meta-from-to", "date-window"];

export interface PagingOverride {
  readonly paging: PagingStyle | null;
  readonly reason: string;
}

export type PagingOverrides = Readonly<Record<string, PagingOverride>>;

export async function loadPagingOverrides(root: string): Promise<PagingOverrides> {
  const raw = await readConfigFile(root, PAGING_CONFIG_PATH);
  const overrides = isRecord(raw) ? raw.overrides : undefined;
  if (!isRecord(overrides)) {
    throw new CodegenError("CONFIG_INVALID", `${PAGING_CONFIG_PATH}: expected { overrides: {} }`);
  }
  for (const [operationId, entry] of Object.entries(overrides)) {
    const ok =
      isRecord(entry) &&
      (entry.paging === null || STYLES.includes(entry.paging as PagingStyle)) &&
      typeof entry.reason === "string";
    if (!ok) {
      throw new CodegenError(
        "CONFIG_INVALID",
        `${PAGING_CONFIG_PATH}: ${operationId} needs ` +
          `{ paging: ${STYLES.join(" | ")} | null, reason: string }`,
      );
    }
  }
  return overrides as PagingOverrides;
}

export interface PagingInputs {
  readonly queryParams: readonly string[];
  /** Top-level properties of the JSON request body, if any. */
  readonly bodyProperties: readonly string[];
}

export function derivePaging(inputs: PagingInputs, override?: PagingOverride): PagingStyle | null {
  if (override) return override.paging;
  const query = new Set(inputs.queryParams);
  const body = new Set(inputs.bodyProperties);
  if (query.has("page") && query.has("count")) return "page-count";
  if (body.has("page") && body.has("page_size")) return "body-page";
  if (query.has("start_date") && query.has("end_date") && !query.has("page")) return "date-window";
  return null;
}
