/** The description diff engine: compare two revisions, class each change, render the report. */
export {
  defaultCredentials,
  diffDescriptions,
  formatRequirement,
  sortChanges,
  type CredentialsOf,
  type DiffOptions,
} from "./document-diff.js";
export type {
  Change,
  ChangeKind,
  DescriptionRef,
  DiffReport,
  OperationDiff,
  OperationRef,
  Rule,
  SchemaEvent,
} from "./model.js";
export { renderJson, toJsonReport, type JsonReport } from "./render-json.js";
export { renderText, type TextOptions } from "./render-text.js";
export { classify, kindOrder, rules } from "./rules.js";
export {
  facadeImpact,
  renderFacadeImpact,
  type FacadeImpact,
  type FacadeChange,
} from "./facade-impact.js";
export {
  facadeNames,
  findUses,
  loadMethodNames,
  HELPER_FOLDERS,
  type ProjectUse,
} from "./project-uses.js";
