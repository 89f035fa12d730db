/**
 * Security → auth level. Which level each scheme stands for is declared in openapi/security.json;
 * how a requirement combines them is the SDK's one rule, `authLevelOf` (src/core/auth-level.ts),
 * which the sandbox applies too. Here: the table, the shape checks, and the refusal of a scheme
 * the table does not know.
 */
import { authLevelOf, type AuthLevel } from "../../src/core/auth-level.js";
import { CodegenError } from "./errors.js";
import { isRecord, readConfigFile } from "./util.js";

export const SECURITY_CONFIG_PATH = "openapi/security.json";
export type SecurityLevels = Readonly<Record<string, AuthLevel>>;

const LEVELS: readonly AuthLevel[] = ["none", "partner", "user"];

export async function loadSecurityLevels(root: string): Promise<SecurityLevels> {
  const raw = await readConfigFile(root, SECURITY_CONFIG_PATH);
  const levels = isRecord(raw) ? raw.levels : undefined;
  if (!isRecord(levels)) {
    throw new CodegenError("CONFIG_INVALID", `${SECURITY_CONFIG_PATH}: expected { levels: {} }`);
  }
  for (const [scheme, level] of Object.entries(levels)) {
    if (!LEVELS.includes(level as AuthLevel)) {
      throw new CodegenError(
        "CONFIG_INVALID",
        `${SECURITY_CONFIG_PATH}: scheme ${scheme} maps to ${JSON.stringify(level)}; ` +
          `expected ${LEVELS.join(" | ")}`,
      );
    }
  }
  return levels as SecurityLevels;
}

/**
 * The auth level of an operation whose requirement array is `security` (the operation's, or the
 * document's when the operation has none); `where` names the operation in errors.
 */
export function operationAuthLevel(
  security: unknown,
  levels: SecurityLevels,
  where: string,
): AuthLevel {
  if (security === undefined || security === null) return "none";
  if (!Array.isArray(security)) {
    throw new CodegenError("REGISTRY_INVALID", `${where}: security must be an array`);
  }
  if (!security.every(isRecord)) {
    throw new CodegenError("REGISTRY_INVALID", `${where}: a security requirement is not an object`);
  }
  return authLevelOf(security, (scheme) => {
    const level = levels[scheme];
    if (level === undefined) {
      throw new CodegenError(
        "REGISTRY_INVALID",
        `${where}: unknown security scheme "${scheme}". Map it to an auth level ` +
          `(${LEVELS.join(" | ")}) in ${SECURITY_CONFIG_PATH}; known: ${Object.keys(levels).join(", ")}.`,
      );
    }
    return level;
  });
}
