/**
 * The report in the user's terms: each operationId's facade method (`clients.get`), planned by
 * the codegen's naming rules (scripts/codegen/resource-names.ts) from the registry the codegen
 * would build, and the project code that calls each operation: hand-written helpers
 * (src/facade/helpers/, or src/helpers/ before the move), examples, and the paginators of paged
 * operations. Helpers and examples are found by scanning their sources for `x.<namespace>.<method>`
 * of a known facade method, `operations.<operationId>` and quoted operationIds.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { OperationMeta } from "../codegen/model.js";
import {
  methodName,
  namespaceName,
  parseMethodNamesConfig,
  type MethodNamesConfig,
} from "../codegen/resource-names.js";

/** Where the hand-written helpers live: after the facade refactor, and before it. */
const HELPER_FOLDERS = ["src/facade/helpers", "src/helpers"];
const EXAMPLE_FOLDERS = ["examples"];

/** operationId → `namespace.method`, by the same rules as the codegen (never throws on clashes). */
export function facadeNames(
  operations: readonly OperationMeta[],
  config: MethodNamesConfig,
): Map<string, string> {
  return new Map(
    operations.map((op) => [
      op.operationId,
      `${namespaceName(op.tag, config)}.${config.methods[op.operationId] ?? methodName(op, config)}`,
    ]),
  );
}

export interface ProjectUse {
  readonly kind: "helper" | "example" | "paginator";
  /** `clients.findByPhone`, `examples/booking.ts`, `paginate(appointments.list)`. */
  readonly name: string;
  readonly file?: string;
  /** operationIds it calls. */
  readonly operations: readonly string[];
}

/** Every helper, example and paginator of the project, with the operations it uses. */
export async function findUses(
  root: string,
  operations: readonly OperationMeta[],
  names: ReadonlyMap<string, string>,
  config: MethodNamesConfig,
): Promise<ProjectUse[]> {
  const byName = new Map([...names].map(([id, name]) => [name, id]));
  const refsIn = (text: string): string[] => {
    const found = new Set<string>();
    for (const m of text.matchAll(/\.([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)\b/g)) {
      const id = byName.get(`${m[1]}.${m[2]}`);
      if (id) found.add(id);
    }
    for (const m of text.matchAll(/operations\.(\w+)|["'`](\w+)["'`]/g)) {
      const id = m[1] ?? m[2] ?? "";
      if (names.has(id)) found.add(id);
    }
    return [...found].sort();
  };
  const uses: ProjectUse[] = [];
  for (const folder of HELPER_FOLDERS) {
    const files = await sources(root, folder);
    const texts = await Promise.all(files.map((f) => readFile(f, "utf8")));
    const all = texts.join("\n");
    files.forEach((file, i) => {
      const text = texts[i] ?? "";
      const ids = refsIn(text);
      const exported = [...text.matchAll(/export (?:async )?function (\w+)/g)].map((m) => m[1]);
      for (const fn of exported) {
        // The public name: `findByPhone: (...) => findClientByPhone(facade, ...)` where attached.
        // or `{ findByPhone: findClientByPhone }` (a table of helpers).
        const attached =
          new RegExp(`(\\w+):\\s*\\([^)]*\\)\\s*=>\\s*${fn}\\(`).exec(all)?.[1] ??
          new RegExp(`(\\w+):\\s*${fn}\\b`).exec(all)?.[1];
        const ns = Object.entries(config.helpers).find(([, list]) => list.includes(attached ?? ""));
        const name = attached && ns ? `${ns[0]}.${attached}` : `${fn}`;
        if (ids.length > 0)
          uses.push({ kind: "helper", name, file: rel(root, file), operations: ids });
      }
    });
  }
  for (const folder of EXAMPLE_FOLDERS) {
    for (const file of await sources(root, folder)) {
      const ids = refsIn(await readFile(file, "utf8"));
      const name = rel(root, file);
      if (ids.length > 0) uses.push({ kind: "example", name, file: name, operations: ids });
    }
  }
  for (const op of operations) {
    if (op.paging === null) continue;
    const name = `paginate(${names.get(op.operationId) ?? op.operationId}) [${op.paging}]`;
    uses.push({ kind: "paginator", name, operations: [op.operationId] });
  }
  return uses;
}

async function sources(root: string, folder: string): Promise<string[]> {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts"))
    .map((e) => join(dir, e.name))
    .sort();
}

function rel(root: string, file: string): string {
  return relative(root, file).split("\\").join("/");
}
