/**
 * The one error type of the codegen. `code` tells a caller (CLI, tests, update flow) what went
 * wrong without parsing the message; the message names what was tried and what to do next.
 */
export type CodegenErrorCode =
  | "CONFIG_INVALID"
  | "SOURCE_UNREACHABLE"
  | "PIN_MISMATCH"
  | "DESCRIPTION_UNREADABLE"
  | "DESCRIPTION_INVALID"
  | "CORRECTION_UNMATCHED"
  | "CORRECTION_INVALID"
  | "REGISTRY_INVALID"
  | "CHECK_FAILED";

export class CodegenError extends Error {
  override readonly name = "CodegenError";

  constructor(
    readonly code: CodegenErrorCode,
    message: string,
  ) {
    super(message);
  }
}
