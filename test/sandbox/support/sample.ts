/**
 * The schema sampler moved with the sandbox's tests to packages/sandbox/test/support/sample.ts;
 * kept here for the tests outside the sandbox package that import it from this path.
 */
export { sample } from "../../../packages/sandbox/test/support/sample.js";
