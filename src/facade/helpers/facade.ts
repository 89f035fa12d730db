/**
 * The part of the facade the helpers are built on (a structural type, so helpers do not depend on
 * resources.ts, which attaches them).
 */
import type { GeneratedResources } from "../../generated/resources.js";
import type { PaginationMethods } from "../pagination.js";

export type HelperFacade = Pick<GeneratedResources, "clients" | "chains" | "appointments"> &
  PaginationMethods;
