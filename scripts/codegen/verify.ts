/**
 * Verify: the pulled bytes must be exactly the pinned revision. A mismatch is refused, never
 * accepted: moving to another revision is the update flow's job (npm run openapi:update).
 */
import { createHash } from "node:crypto";
import { CodegenError } from "./errors.js";
import { parseDescription } from "./parse.js";
import type { Pin } from "./source-config.js";

export const UPDATE_COMMAND = "npm run openapi:update -- --source <url|path>";

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Returns the sha256 of `bytes` when it matches the pin; throws PIN_MISMATCH otherwise. */
export function verifyPin(bytes: Uint8Array, pin: Pin, origin = "the pulled description"): string {
  const actual = sha256(bytes);
  if (actual === pin.sha256) return actual;
  throw new CodegenError(
    "PIN_MISMATCH",
    `The description from ${origin} is not the pinned revision.\n` +
      `  expected: version ${pin.version}, sha256 ${pin.sha256}\n` +
      `  actual:   version ${readVersion(bytes)}, sha256 ${actual}\n` +
      `Refusing to generate from an unpinned revision. To move to it, review and pin it with ` +
      `\`${UPDATE_COMMAND}\`.`,
  );
}

function readVersion(bytes: Uint8Array): string {
  try {
    const version = parseDescription(bytes).info.version;
    return typeof version === "string" ? version : "(none)";
  } catch {
    return "(unreadable)";
  }
}
