/** The part of the facade the helpers are built on (a structural type: they get the client). */
import type { PaginationMethods } from "../pagination.js";
import type { GeneratedResources } from "../types.js";

export type HelperFacade = Pick<GeneratedResources, "clients" | "chains" | "appointments"> &
  PaginationMethods;
