/**
 * Query strings the way the API (PHP) reads them, for the facade and the raw client alike:
 * - arrays repeat the name with brackets: `staff_ids[]=1&staff_ids[]=2`. A name declared with
 *   brackets (`id[]`, `ids[]`) keeps them; a name declared without (`staff_ids`, `include`) gets
 *   them, as the vendor documents (`staff_ids[]`, `include[]`, `&ids[]={id}`): PHP keeps only
 *   the last of repeated plain names;
 * - objects nest with brackets: `filter[is_approved]=1`;
 * - booleans are `1` / `0` (the vendor's examples: `with_deleted=1`);
 * - Dates are ISO 8601; undefined and null are left out; empty arrays send nothing.
 * Names keep `[` and `]` readable; everything else is percent-encoded.
 */
export function serializeQuery(query: Record<string, unknown> | undefined): string {
  const parts: string[] = [];
  if (query) {
    for (const name in query) append(parts, name, query[name]);
  }
  return parts.join("&");
}

function append(parts: string[], name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    const key = name.endsWith("[]") ? name : `${name}[]`;
    for (const item of value) append(parts, key, item);
    return;
  }
  if (value instanceof Date) {
    parts.push(`${encodeName(name)}=${encodeURIComponent(value.toISOString())}`);
    return;
  }
  if (typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) append(parts, `${name}[${key}]`, inner);
    return;
  }
  const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
  parts.push(`${encodeName(name)}=${encodeURIComponent(text)}`);
}

function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/%5B/gi, "[").replace(/%5D/gi, "]");
}
