/**
 * Phone numbers as the API wants them: `+` and 8 to 15 digits (E.164). Error messages never repeat
 * the number: it is personal data.
 */
import { InvalidArgumentError } from "./errors.js";

export interface PhoneOptions {
  /** Country calling code (1–3 digits, e.g. `"1"`, `"44"`) for numbers given without a prefix. */
  defaultCountryCode?: string;
  /** Name used in the error, e.g. the field it came from; default `phone`. */
  parameter?: string;
}

const SEPARATORS = /[\s\-.()/\u00a0]/g;

/**
 * `input` as `+<8–15 digits>`; throws `InvalidArgumentError` when it is not a phone number.
 * Spaces, dashes, dots, slashes and parentheses are ignored; a leading `+` or `00` is the
 * international prefix. Without one, digits are read as an international number, unless
 * `defaultCountryCode` is given: then one leading trunk `0` is dropped (`020 7946 0958`, `44`).
 */
export function normalizePhone(input: string, options: PhoneOptions = {}): string {
  const parameter = options.parameter ?? "phone";
  const fail = (why: string): never => {
    throw new InvalidArgumentError(
      parameter,
      `"${parameter}" is not a phone number in international format like +13155550175: ${why}.`,
    );
  };
  if (typeof input !== "string") fail(`expected a string, got ${typeof input}`);
  const compact = input.trim().replace(SEPARATORS, "");
  if (compact === "") fail("it is empty");
  let digits: string;
  if (compact.startsWith("+")) digits = compact.slice(1);
  else if (compact.startsWith("00")) digits = compact.slice(2);
  else if (options.defaultCountryCode !== undefined) {
    const cc = options.defaultCountryCode.replace(/^\+/, "");
    if (!/^[1-9]\d{0,2}$/.test(cc)) {
      throw new InvalidArgumentError(
        "defaultCountryCode",
        `defaultCountryCode must be 1 to 3 digits, not starting with 0.`,
      );
    }
    digits = cc + compact.replace(/^0/, "");
  } else digits = compact;
  if (!/^\d+$/.test(digits)) fail("only digits, spaces, dashes, dots and parentheses are allowed");
  if (digits.startsWith("0")) fail("the country code cannot start with 0");
  if (digits.length < 8 || digits.length > 15) {
    fail(`it has ${digits.length} digits, expected 8 to 15 including the country code`);
  }
  return `+${digits}`;
}

/** True when `normalizePhone(input, options)` would succeed. */
export function isValidPhone(input: string, options: PhoneOptions = {}): boolean {
  try {
    normalizePhone(input, options);
    return true;
  } catch {
    return false;
  }
}
