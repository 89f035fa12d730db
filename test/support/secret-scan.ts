/**
 * The suite-wide secrets scan (a vitest setup file, so it runs in every test file).
 *
 * Through the SDK's diagnostics hook (src/diagnostics.ts) it learns every secret the SDK was given
 * or obtained — partner tokens, user tokens, passwords — and sees every AltegioError constructed
 * and every line given to a logger; it also records the console. After each file, it fails that
 * file if any secret appears in any error's message, stack, enumerable properties or JSON, or in
 * any log or console line.
 */
import { format } from "node:util";
import { afterAll } from "vitest";
import { DIAGNOSTICS_KEY, type Diagnostics } from "../../src/core/secrets.js";

export interface Leak {
  secret: string;
  where: string;
}

/**
 * Secrets this short (`"user"`, `"wrong"`) are words that errors may contain for other reasons
 * (the SDK's own redactor ignores them too); test secrets that matter are longer.
 */
const MIN_SCANNED_LENGTH = 8;

class Collector {
  readonly secrets = new Set<string>();
  readonly errors = new Set<Error>();
  readonly lines: string[] = [];

  readonly diagnostics: Diagnostics = {
    secret: (value) => {
      if (value.length >= MIN_SCANNED_LENGTH) this.secrets.add(value);
    },
    error: (error) => {
      this.errors.add(error);
    },
    log: (level, message, data) => {
      this.lines.push(`logger.${level}: ${message} ${safeJson(data)}`);
    },
  };

  /** Every place a secret shows, in what was collected so far. */
  leaks(): Leak[] {
    const texts: { where: string; text: string }[] = [];
    for (const error of this.errors) {
      const where = `${error.name}: ${error.message.slice(0, 80)}`;
      texts.push({ where, text: `${String(error)}\n${error.stack ?? ""}\n${safeJson(error)}` });
    }
    for (const line of this.lines) texts.push({ where: line.slice(0, 80), text: line });
    const found: Leak[] = [];
    for (const secret of this.secrets) {
      for (const { where, text } of texts) {
        if (text.includes(secret)) found.push({ secret, where: where.split(secret).join("<it>") });
      }
    }
    return found;
  }

  clear(): void {
    this.secrets.clear();
    this.errors.clear();
    this.lines.length = 0;
  }
}

export const collector = new Collector();
(globalThis as { [DIAGNOSTICS_KEY]?: Diagnostics })[DIAGNOSTICS_KEY] = collector.diagnostics;

for (const level of ["log", "info", "warn", "error", "debug"] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    collector.lines.push(`console.${level}: ${format(...args)}`);
    original(...args);
  };
}

afterAll(() => {
  const leaks = collector.leaks();
  collector.clear();
  if (leaks.length > 0) {
    // The secret itself is not printed: only how long it is and where it showed.
    const list = leaks.map((l) => `  a ${l.secret.length}-character secret in: ${l.where}`);
    throw new Error(`Secrets leaked into errors or logs:\n${list.join("\n")}`);
  }
});

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
