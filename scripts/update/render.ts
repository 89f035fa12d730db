/**
 * The update's review (pinned and candidate, the diff report, the facade impact, the project code
 * calling changed operations, why it is refused) and its outcome, as text and JSON.
 */
import {
  mark,
  renderFacadeImpact,
  renderText,
  toJsonReport,
  type TextOptions,
} from "../diff/render.js";
import type { UpdateResult, UpdateReview } from "./run-update.js";
import { formatTypeErrors } from "./typecheck.js";

export function renderReview(review: UpdateReview, options: TextOptions = {}): string {
  const { pinned, candidate } = review;
  const parts = [
    `Pinned:    ${pinned.version} (sha256 ${pinned.sha256}) from ${pinned.origin}\n` +
      `Candidate: ${candidate.version} (sha256 ${candidate.sha256}) from ${candidate.origin}\n`,
    renderText(review.report, options),
  ];
  if (review.facade) parts.push(renderFacadeImpact(review.facade, options.maxPerGroup));
  const uses = review.uses ?? [];
  const quiet = uses.filter((u) => u.kind === "paginator" && !u.changed.some((c) => c.breaking));
  if (uses.length > 0) {
    const lines = uses
      .filter((u) => !quiet.includes(u))
      .flatMap((use) => {
        const breaking = use.changed.filter((c) => c.breaking);
        const rest = use.changed.length - breaking.length;
        const where = use.file && use.file !== use.name ? ` (${use.file})` : "";
        return [
          `  ${mark(breaking.length > 0)} ${use.kind} ${use.name}${where}`,
          ...breaking.map(
            (c) => `      ✗ ${c.facade ?? c.operationId} (${c.operationId}): ${c.what}`,
          ),
          ...(rest > 0
            ? [`      ✓ ${rest} more changed operation(s), none breaking for facade users`]
            : []),
        ];
      });
    if (quiet.length > 0) {
      lines.push(
        `  ✓ ${quiet.length} more paginator(s) over changed operations, none breaking for facade users`,
      );
    }
    parts.push(
      `Project code calling changed operations (helpers, examples, paginators)\n${lines.join("\n")}\n`,
    );
  }
  if (review.guard) parts.push(`REFUSED: ${review.guard.message}\n`);
  if (review.codegenProblem) {
    parts.push(
      `Codegen: the project's openapi/ files do not generate from the candidate:\n` +
        `${indent(review.codegenProblem)}\nFix openapi/ (overlay, corrections, security levels) before updating.\n`,
    );
  }
  return parts.join("\n");
}

export function renderOutcome(result: UpdateResult): string {
  const { review } = result;
  switch (result.status) {
    case "up-to-date":
      return `Already pinned: ${review.pinned.version} (sha256 ${review.pinned.sha256}). Nothing to do.\n`;
    case "dry-run":
      return `Dry run: nothing written. Apply with the same command without --dry-run.\n`;
    case "declined":
      return `Not applied: openapi/source.json and generated/ are unchanged.\n`;
    case "refused":
      return `Not applied (${review.guard?.code ?? "refused"}): nothing written. ${review.guard?.flag ? `Re-run with ${review.guard.flag} if this is intended.` : ""}\n`;
    case "updated":
      return (
        `Updated: pinned ${review.candidate.version} (sha256 ${review.candidate.sha256}), ` +
        `generated/ rebuilt, type-check passed` +
        `${result.typecheck ? ` (${Math.round(result.typecheck.milliseconds / 1000)} s)` : ""}.\n` +
        `Review and commit openapi/source.json (mirrors: ${result.config?.mirrors.join(", ") ?? ""})` +
        `${result.changelog ? ` and ${result.changelog}` : ""}.\n`
      );
    case "failed":
      return renderFailure(result);
  }
}

function renderFailure(result: UpdateResult): string {
  const failure = result.failure;
  if (!failure) return "Update failed.\n";
  const state = {
    unchanged: "Nothing was written: the project is as it was.",
    restored: "openapi/source.json and generated/ were restored: the project is as it was.",
    kept:
      "The new pin and generated/ were kept (--keep): fix the errors, or restore " +
      "openapi/source.json from git and run `npm run generate`.",
  }[failure.projectState];
  if (failure.stage === "generate") {
    return `Update failed while generating from ${result.review.candidate.version}:\n${indent(failure.message)}\n${state}\n`;
  }
  const introduced = failure.introduced ?? [];
  const preexisting = failure.preexisting ?? [];
  const lines = [failure.message];
  if (introduced.length > 0) {
    lines.push(
      `Broken by the update (${introduced.length} error(s)):`,
      formatTypeErrors(introduced),
    );
  }
  if (failure.projectState === "restored" && preexisting.length > 0) {
    lines.push(
      introduced.length === 0
        ? `No error is new: the project did not type-check before the update either (${preexisting.length} error(s)). Fix those first:`
        : `Already failing before the update (${preexisting.length} error(s)):`,
      formatTypeErrors(preexisting),
    );
  }
  if (failure.errorsFile) lines.push(`Every tsc error, whole: ${failure.errorsFile}`);
  lines.push(state);
  return `${lines.join("\n")}\n`;
}

/** The machine-readable form: the review (diff report with what each class means) and the outcome. */
export function toJsonOutcome(result: UpdateResult): Record<string, unknown> {
  const { review, typecheck, ...rest } = result;
  return {
    ...rest,
    review: { ...review, report: toJsonReport(review.report) },
    ...(typecheck
      ? {
          typecheck: {
            ok: typecheck.ok,
            errors: typecheck.errors,
            milliseconds: typecheck.milliseconds,
          },
        }
      : {}),
  };
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
