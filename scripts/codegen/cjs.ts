/**
 * redocly, loaded on first use with require() rather than import:
 * - on first use, so a run that fails early (unreachable source, refused pin) answers at once;
 * - with require(), because an ESM import of a CommonJS package makes Node scan its whole source
 *   for named exports (the same holds for openapi-typescript, see schema-worker.mjs).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Redocly = typeof import("@redocly/openapi-core");

let redoclyModule: Redocly | undefined;
let yamlModule: { parseYaml(text: string): unknown } | undefined;

/**
 * redocly's own YAML parser (js-yaml, JSON schema without timestamps) without the rest of redocly:
 * parsing, and so handing the corrected description to openapi-typescript's worker, does not wait
 * for ~1 s of loading rules and configuration the lint needs only later.
 */
export function parseYaml(text: string): unknown {
  const yaml = (yamlModule ??= require("@redocly/openapi-core/lib/js-yaml") as {
    parseYaml(text: string): unknown;
  });
  return yaml.parseYaml(text);
}

export function redocly(): Redocly {
  return (redoclyModule ??= require("@redocly/openapi-core") as Redocly);
}
