/**
 * openapi/source.json: where the description is pulled from and which revision is pinned.
 * The update flow rewrites `pin` (and may prepend mirrors) through writePin / writeSourceConfig.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CodegenError } from "./errors.js";
import { formatJson, prettierOptions } from "./format.js";
import { isRecord, readConfigFile } from "./util.js";

export const SOURCE_CONFIG_PATH = "openapi/source.json";

export interface Pin {
  /** `info.version` of the pinned revision. */
  readonly version: string;
  /** sha256 (hex) of the raw bytes of the pinned revision. */
  readonly sha256: string;
}

export interface SourceConfig {
  /** The vendor's address of the description. */
  readonly url: string;
  /** Copies of the description (URLs, or paths relative to the project root), tried after `url`. */
  readonly mirrors: readonly string[];
  readonly pin: Pin;
}

export async function readSourceConfig(root: string): Promise<SourceConfig> {
  return parseSourceConfig(await readConfigFile(root, SOURCE_CONFIG_PATH));
}

export function parseSourceConfig(raw: unknown, file = SOURCE_CONFIG_PATH): SourceConfig {
  const bad = (what: string): never => {
    throw new CodegenError("CONFIG_INVALID", `${file}: ${what}`);
  };
  if (!isRecord(raw)) return bad("expected a JSON object");
  const { url, mirrors, pin } = raw;
  if (typeof url !== "string" || url === "") bad("`url` must be a non-empty string");
  if (!Array.isArray(mirrors) || !mirrors.every((m) => typeof m === "string" && m !== "")) {
    bad("`mirrors` must be an array of non-empty strings");
  }
  if (!isRecord(pin)) return bad("`pin` must be an object { version, sha256 }");
  if (typeof pin.version !== "string" || pin.version === "") bad("`pin.version` must be a string");
  if (typeof pin.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(pin.sha256)) {
    bad("`pin.sha256` must be 64 lowercase hex digits");
  }
  return {
    url: url as string,
    mirrors: mirrors as string[],
    pin: { version: pin.version as string, sha256: pin.sha256 as string },
  };
}

/** Writes the whole config back, keys in a fixed order, formatted as prettier leaves it. */
export async function writeSourceConfig(root: string, config: SourceConfig): Promise<void> {
  parseSourceConfig(config);
  const ordered = {
    url: config.url,
    mirrors: [...config.mirrors],
    pin: { version: config.pin.version, sha256: config.pin.sha256 },
  };
  const text = await formatJson(ordered, await prettierOptions(root));
  await writeFile(join(root, SOURCE_CONFIG_PATH), text);
}

/** Replaces the pin, keeping url and mirrors. Used by the update flow. */
export async function writePin(root: string, pin: Pin): Promise<SourceConfig> {
  const config = { ...(await readSourceConfig(root)), pin };
  await writeSourceConfig(root, config);
  return config;
}
