/** Small helpers every step of the codegen shares. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CodegenError } from "./errors.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Code-unit order: the same on every machine and locale (output must be reproducible). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Reads and parses a file of openapi/ (`path` relative to `root`); a missing or unparsable file is
 * a CONFIG_INVALID naming it. `parse` defaults to JSON.
 */
export async function readConfigFile(
  root: string,
  path: string,
  parse: (text: string) => unknown = JSON.parse,
): Promise<unknown> {
  try {
    return parse(await readFile(join(root, path), "utf8"));
  } catch (error) {
    throw new CodegenError("CONFIG_INVALID", `Cannot read ${path}: ${(error as Error).message}`);
  }
}
