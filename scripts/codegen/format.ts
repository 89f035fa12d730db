/**
 * Formatting generated TypeScript with prettier, so output is byte-stable and reads like the rest
 * of the project. Uses prettier's standalone build with its TypeScript parser (the one
 * `prettier --write` picks for .ts files): the full entry point costs ~1 s just to load.
 * Options come from the project's .prettierrc.json (JSON, the only form this project uses).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Options } from "prettier";
import * as babel from "prettier/plugins/babel";
import * as estree from "prettier/plugins/estree";
import * as typescript from "prettier/plugins/typescript";
import { format } from "prettier/standalone";

/** The project's settings, for a copy of the project that has no .prettierrc.json. */
const FALLBACK: Options = { printWidth: 100 };

export async function prettierOptions(root: string): Promise<Options> {
  try {
    return JSON.parse(await readFile(join(root, ".prettierrc.json"), "utf8")) as Options;
  } catch {
    return { ...FALLBACK };
  }
}

export async function formatTypeScript(text: string, options: Options): Promise<string> {
  return format(text, { ...options, parser: "typescript", plugins: [estree, typescript] });
}

/** JSON as `prettier --write` leaves it (short arrays on one line), for files we write in openapi/. */
export async function formatJson(value: unknown, options: Options): Promise<string> {
  return format(JSON.stringify(value, null, 2), {
    ...options,
    parser: "json",
    plugins: [babel, estree],
  });
}
