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
export {
  renderFacadeImpact,
  renderJson,
  renderText,
  toJsonReport,
  type JsonReport,
  type TextOptions,
} from "./render.js";
export { classify, kindOrder, rules } from "./rules.js";
export { facadeImpact, type FacadeImpact, type FacadeChange } from "./facade-impact.js";
export { facadeNames, findUses, HELPER_FOLDERS, type ProjectUse } from "./project-uses.js";
