/**
 * A throw-away copy of the project in a temporary folder, for tests that run the update flow
 * without ever touching the real pin. Layout: `<tmp>/main` is the copy (node_modules symlinked),
 * `<tmp>/shared` links to the real `../shared`, so the mirrors in openapi/source.json resolve
 * from the copy exactly as they do from the project.
 *
 * Exported for other areas' tests (e.g. checking every facade method after the update).
 */
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "../../../scripts/codegen/index.js";
import { runUpdate, type UpdateOptions, type UpdateResult } from "../../../scripts/update/index.js";

/** The real project root (this file is test/update/support/project-copy.ts). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The next revision, as openapi/source.json would name it (relative to the project root). */
export const NEXT_SOURCE = "../shared/altegio/b2b-v1.next.openapi.yaml";
export const PINNED_SOURCE = "../shared/altegio/b2b-v1.openapi.yaml";

/** Top-level folders copied; files at the top level are copied too (package.json, configs). */
const COPIED_FOLDERS = ["src", "scripts", "openapi", "test", "examples", "bench", "packages"];
const SKIPPED = new Set(["node_modules", "generated", "dist", "coverage", ".git", ".tmp", "docs"]);

export interface ProjectCopy {
  /** The copy's project root. */
  readonly root: string;
  removeCopy(): Promise<void>;
}

export interface CopyOptions {
  /** Run the codegen in the copy from the pinned revision, as `npm install` does. Default true. */
  readonly generate?: boolean;
}

export async function createProjectCopy(options: CopyOptions = {}): Promise<ProjectCopy> {
  const base = await mkdtemp(join(tmpdir(), "altegio-sdk-copy-"));
  const root = join(base, "main");
  await mkdir(root);
  await symlink(resolve(PROJECT_ROOT, "../shared"), join(base, "shared"), "dir");
  for (const entry of await readdir(PROJECT_ROOT, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const from = join(PROJECT_ROOT, entry.name);
    if (entry.isDirectory() && COPIED_FOLDERS.includes(entry.name)) {
      await cp(from, join(root, entry.name), { recursive: true });
    } else if (entry.isFile()) {
      await cp(from, join(root, entry.name));
    }
  }
  const removeCopy = () => rm(base, { recursive: true, force: true });
  try {
    await symlink(join(PROJECT_ROOT, "node_modules"), join(root, "node_modules"), "dir");
    if (options.generate ?? true) await generate({ root });
  } catch (error) {
    await removeCopy();
    throw error;
  }
  return { root, removeCopy };
}

export interface UpdatedCopy extends ProjectCopy {
  readonly result: UpdateResult;
}

/**
 * A copy of the project updated to the next revision (1.0.1): pin written, regenerated, and
 * type-checked unless `typecheck: false`. `keep` defaults to true, so the copy stays on 1.0.1
 * even when code elsewhere (tests naming 1.0.0 raw paths) fails the type-check: then
 * `result.status` is "failed" with `projectState: "kept"`, and `result.failure.introduced`
 * lists what broke.
 */
export async function createUpdatedCopy(
  options: Partial<UpdateOptions> = {},
): Promise<UpdatedCopy> {
  const copy = await createProjectCopy();
  try {
    const result = await runUpdate({
      source: NEXT_SOURCE,
      keep: true,
      ...options,
      root: copy.root,
    });
    return { ...copy, result };
  } catch (error) {
    await copy.removeCopy();
    throw error;
  }
}
