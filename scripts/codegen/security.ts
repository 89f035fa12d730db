/**
 * Security → auth level, declared in openapi/security.json. A requirement object names schemes that
 * are ALL needed, so it takes the highest of their levels; the requirement array lists alternatives,
 * any one suffices, so the operation takes the lowest. `[]`, `[{}]` or no security: `none`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuthLevel } from "../../src/operation.js";
import { CodegenError } from "./errors.js";
import { isRecord } from "./source-config.js";

export const SECURITY_CONFIG_PATH = "openapi/security.json";
export type SecurityLevels = Readonly<Record<string, AuthLevel>>;

const RANK: Record<AuthLevel, number> = { none: 0, partner: 1, user: 2 };
const LEVELS = Object.keys(RANK) as AuthLevel[];

export async function loadSecurityLevels(root: string): Promise<SecurityLevels> {
  const file = join(root, SECURITY_CONFIG_PATH);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CodegenError("CONFIG_INVALID", `Cannot read ${file}: ${(error as Error).message}`);
  }
  const levels = isRecord(raw) ? raw.levels : undefined;
  if (!isRecord(levels))
    throw new CodegenError("CONFIG_INVALID", `${file}: expected { levels: {} }`);
  for (const [scheme, level] of Object.entries(levels)) {
    if (!LEVELS.includes(level as AuthLevel)) {
      throw new CodegenError(
        "CONFIG_INVALID",
        `${file}: scheme ${scheme} maps to ${JSON.stringify(level)}; expected ${LEVELS.join(" | ")}`,
      );
    }
  }
  return levels as SecurityLevels;
}

/** `security` is the operation's requirement array (or the document's when the operation has none). */
export function authLevelOf(security: unknown, levels: SecurityLevels, where: string): AuthLevel {
  if (security === undefined || security === null) return "none";
  if (!Array.isArray(security)) {
    throw new CodegenError("REGISTRY_INVALID", `${where}: security must be an array`);
  }
  if (security.length === 0) return "none";
  const perRequirement = security.map((requirement: unknown) => {
    if (!isRecord(requirement)) {
      throw new CodegenError(
        "REGISTRY_INVALID",
        `${where}: a security requirement is not an object`,
      );
    }
    return Object.keys(requirement).reduce<AuthLevel>((highest, scheme) => {
      const level = levels[scheme];
      if (level === undefined) {
        throw new CodegenError(
          "REGISTRY_INVALID",
          `${where}: unknown security scheme "${scheme}". Map it to an auth level ` +
            `(${LEVELS.join(" | ")}) in ${SECURITY_CONFIG_PATH}; known: ${Object.keys(levels).join(", ")}.`,
        );
      }
      return RANK[level] > RANK[highest] ? level : highest;
    }, "none");
  });
  return perRequirement.reduce((lowest, level) => (RANK[level] < RANK[lowest] ? level : lowest));
}
