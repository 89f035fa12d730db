/**
 * Failures of the update flow before anything was changed on disk. Failures after the flow
 * started writing are not thrown: they come back in the UpdateResult with what was restored.
 */
export type UpdateErrorCode =
  | "BASELINE_UNAVAILABLE"
  | "CANDIDATE_UNREACHABLE"
  | "CANDIDATE_INVALID"
  | "CONFIG_INVALID"
  | "MIRROR_REFUSED";

export class UpdateError extends Error {
  override readonly name = "UpdateError";

  constructor(
    readonly code: UpdateErrorCode,
    message: string,
  ) {
    super(message);
  }
}
