import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { onAbort } from "../../src/core/abort.js";

describe("onAbort", () => {
  it("fans one listener out to every subscriber, once each", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    for (let i = 0; i < 3; i++) onAbort(controller.signal, () => calls.push(i));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort();
    controller.abort();
    expect(calls).toEqual([0, 1, 2]);
  });

  it("an unsubscribed callback is not called", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const stop = onAbort(controller.signal, () => calls.push("a"));
    onAbort(controller.signal, () => calls.push("b"));
    stop();
    controller.abort();
    expect(calls).toEqual(["b"]);
  });

  it("a callback that unsubscribes another during the abort stops it", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    let stopB: () => void = () => undefined;
    onAbort(controller.signal, () => {
      calls.push("a");
      stopB();
    });
    stopB = onAbort(controller.signal, () => calls.push("b"));
    controller.abort();
    expect(calls).toEqual(["a"]);
  });

  it("subscribing after an abort registers a fresh listener (callers check `aborted` first)", () => {
    const controller = new AbortController();
    controller.abort();
    let called = false;
    onAbort(controller.signal, () => (called = true));
    expect(called).toBe(false);
  });
});
