/**
 * JSON written back into openapi/ (the update flow rewrites source.json) as `prettier --write`
 * leaves it. Prettier's standalone build, loaded on first use: generation itself never formats
 * (registry.ts and resources.ts are printed in their final layout, schema.ts as the TypeScript
 * printer prints it). Options come from the project's .prettierrc.json (JSON, the only form this
 * project uses).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Options } from "prettier";

/** The project's settings, for a copy of the project that has no .prettierrc.json. */
const FALLBACK: Options = { printWidth: 100 };

export async function prettierOptions(root: string): Promise<Options> {
  try {
    return JSON.parse(await readFile(join(root, ".prettierrc.json"), "utf8")) as Options;
  } catch {
    return { ...FALLBACK };
  }
}

/** JSON as `prettier --write` leaves it (short arrays on one line), for files we write in openapi/. */
export async function formatJson(value: unknown, options: Options): Promise<string> {
  const [{ format }, babel, estree] = await Promise.all([
    import("prettier/standalone"),
    import("prettier/plugins/babel"),
    import("prettier/plugins/estree"),
  ]);
  return format(JSON.stringify(value, null, 2), {
    ...options,
    parser: "json",
    plugins: [babel, estree],
  });
}
