/**
 * Minimal valid values for JSON schemas of the description: required properties only, first
 * enum value, first branch of oneOf/anyOf. Enough to send every operation a request it accepts.
 */
type Schema = Record<string, unknown>;

const MAX_DEPTH = 8;

function merge(base: Schema, extra: Schema): Schema {
  return {
    ...base,
    ...extra,
    properties: { ...(base.properties as Schema), ...(extra.properties as Schema) },
    required: [...((base.required as string[]) ?? []), ...((extra.required as string[]) ?? [])],
  };
}

function firstType(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((t) => t !== "null") ?? "null";
  return typeof type === "string" ? type : schema.properties ? "object" : undefined;
}

export function sample(input: unknown, depth = 0): unknown {
  if (typeof input !== "object" || input === null || depth > MAX_DEPTH) return "x";
  let schema = input as Schema;
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    schema = (allOf as Schema[]).reduce(merge, rest);
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(schema[key])) {
      const { [key]: options, ...rest } = schema;
      const branches = options as Schema[];
      const branch = branches.find((b) => b.type !== "null") ?? branches[0] ?? {};
      schema = merge(rest, branch);
      if (!rest.type && branch.type) schema.type = branch.type;
    }
  }
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null) ?? null;
  switch (firstType(schema)) {
    case "object": {
      const out: Record<string, unknown> = {};
      const properties = (schema.properties ?? {}) as Record<string, unknown>;
      for (const name of new Set((schema.required as string[]) ?? [])) {
        out[name] = sample(properties[name], depth + 1);
      }
      return out;
    }
    case "array": {
      const min = Number(schema.minItems ?? 0);
      return Array.from({ length: min }, () => sample(schema.items, depth + 1));
    }
    case "integer":
    case "number": {
      const min = typeof schema.minimum === "number" ? schema.minimum : 1;
      const max = typeof schema.maximum === "number" ? schema.maximum : Infinity;
      return Math.min(Math.max(min, 1), max);
    }
    case "boolean":
      return false;
    case "null":
      return null;
    case "string":
    default:
      switch (schema.format) {
        case "date":
          return "2026-01-05";
        case "date-time":
          return "2026-01-05T10:00:00+00:00";
        case "email":
          return "someone@example.com";
        default:
          return "x".repeat(Math.max(1, Number(schema.minLength ?? 1)));
      }
  }
}
