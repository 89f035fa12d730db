import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { isValidPhone, normalizePhone } from "../../src/core/phone.js";

describe("normalizePhone", () => {
  it.each([
    ["+13155550175", "+13155550175"],
    ["+1 (315) 555-0175", "+13155550175"],
    ["  +1 315.555.0175 ", "+13155550175"],
    ["0013155550175", "+13155550175"],
    ["13155550175", "+13155550175"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+7 916 123-45-67", "+79161234567"],
  ])("%j → %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it("reads numbers without a prefix as national when a default country code is given", () => {
    expect(normalizePhone("020 7946 0958", { defaultCountryCode: "44" })).toBe("+442079460958");
    expect(normalizePhone("(315) 555-0175", { defaultCountryCode: "+1" })).toBe("+13155550175");
    expect(normalizePhone("+7 916 123 45 67", { defaultCountryCode: "44" })).toBe("+79161234567");
  });

  it.each([
    ["", /empty/],
    ["   ", /empty/],
    ["+1 315 CALL NOW", /only digits/],
    ["+1-315-555-0175 ext 2", /only digits/],
    ["++13155550175", /only digits/],
    ["+0123456789", /cannot start with 0/],
    ["+1234567", /7 digits/],
    ["+1234567890123456", /16 digits/],
  ])("refuses %j", (input, why) => {
    let error: unknown;
    try {
      normalizePhone(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe("phone");
    expect((error as Error).message).toMatch(why);
  });

  it("names the field it was given and never echoes the number", () => {
    let error: unknown;
    try {
      normalizePhone("+7 916 12", { parameter: "client.phone" });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ parameter: "client.phone", code: "invalid_argument" });
    expect((error as Error).message).not.toMatch(/916|79161/);
  });

  it("refuses a bad default country code", () => {
    expect(() => normalizePhone("3155550175", { defaultCountryCode: "01" })).toThrow(
      /defaultCountryCode/,
    );
  });

  it("property: output is E.164, idempotent, and keeps the digits", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 14 }),
        fc.array(fc.constantFrom(" ", "-", "(", ")", "."), { maxLength: 5 }),
        (first, rest, noise) => {
          const digits = [first, ...rest].join("");
          const messy = `+${noise.join("")}${digits.slice(0, 3)}${noise.join("")}${digits.slice(3)}`;
          const normalized = normalizePhone(messy);
          expect(normalized).toBe(`+${digits}`);
          expect(normalized).toMatch(/^\+[1-9]\d{7,14}$/);
          expect(normalizePhone(normalized)).toBe(normalized);
        },
      ),
    );
  });

  it("property: never throws anything but InvalidArgumentError", () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        try {
          expect(normalizePhone(input)).toMatch(/^\+[1-9]\d{7,14}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
        }
      }),
    );
  });
});

describe("isValidPhone", () => {
  it("agrees with normalizePhone", () => {
    expect(isValidPhone("+13155550175")).toBe(true);
    expect(isValidPhone("not a phone")).toBe(false);
  });
});
