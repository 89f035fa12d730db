import { describe, expect, it } from "vitest";
import {
  bodyTextOf,
  bufferedResponse,
  readChunks,
  unreadCopy,
} from "../../src/core/buffered-response.js";

const encode = (text: string) => new TextEncoder().encode(text);
const make = (text = '{"success":true,"data":[1,2]}', status = 200) =>
  bufferedResponse(encode(text), {
    status,
    statusText: "OK",
    headers: new Headers({ "content-type": "application/json", "x-id": "7" }),
  });

describe("bufferedResponse", () => {
  it("is a Response with the source's status and headers", () => {
    const response = make();
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe("OK");
    expect(response.headers.get("x-id")).toBe("7");
  });

  it.each([
    ["text", async (r: Response) => r.text(), '{"success":true,"data":[1,2]}'],
    ["json", async (r: Response) => r.json(), { success: true, data: [1, 2] }],
    [
      "arrayBuffer",
      async (r: Response) => new TextDecoder().decode(await r.arrayBuffer()),
      '{"success":true,"data":[1,2]}',
    ],
    [
      "bytes",
      async (r: Response) => new TextDecoder().decode(await r.bytes()),
      '{"success":true,"data":[1,2]}',
    ],
    ["blob", async (r: Response) => (await r.blob()).text(), '{"success":true,"data":[1,2]}'],
    [
      "body stream",
      async (r: Response) => new Response(r.body).text(),
      '{"success":true,"data":[1,2]}',
    ],
  ])("%s reads the body once, like any Response", async (_name, read, expected) => {
    const response = make();
    expect(response.bodyUsed).toBe(false);
    expect(await read(response)).toEqual(expected);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toBeInstanceOf(TypeError);
  });

  it("json() of a bad body rejects with a SyntaxError", async () => {
    await expect(make("{nope").json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it("blob() keeps the content type", async () => {
    expect((await make().blob()).type).toBe("application/json");
  });

  it("arrayBuffer() is a copy of exactly the body, even from a pooled Buffer", async () => {
    const pool = Buffer.from("xxxxHELLOyyyy");
    const view = pool.subarray(4, 9);
    const response = bufferedResponse(view, {
      status: 200,
      statusText: "",
      headers: new Headers(),
    });
    const buffer = await response.arrayBuffer();
    expect(buffer.byteLength).toBe(5);
    new Uint8Array(buffer)[0] = 0;
    expect(pool.toString()).toBe("xxxxHELLOyyyy");
  });

  it("clone() gives an independent copy, refused once the body is used", async () => {
    const response = make("abc");
    const copy = response.clone();
    expect(await copy.text()).toBe("abc");
    expect(await response.text()).toBe("abc");
    expect(() => response.clone()).toThrow(TypeError);
  });

  it("204 and 304 have a null body", async () => {
    for (const status of [204, 304]) {
      const response = make("", status);
      expect(response.body).toBeNull();
      expect(await response.text()).toBe("");
    }
  });

  it("formData() works through the stream", async () => {
    const response = bufferedResponse(encode("a=1&b=2"), {
      status: 200,
      statusText: "",
      headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }),
    });
    const form = await response.formData();
    expect(form.get("b")).toBe("2");
  });
});

describe("bodyTextOf and unreadCopy", () => {
  it("give the body of a buffered response, read or not; nothing of another Response", async () => {
    const response = make("abc");
    expect(await response.text()).toBe("abc");
    expect(bodyTextOf(response)).toBe("abc");
    const copy = unreadCopy(response);
    expect(copy).not.toBe(response);
    expect(copy.bodyUsed).toBe(false);
    expect(copy.headers.get("x-id")).toBe("7");
    expect(await copy.text()).toBe("abc");

    const plain = new Response("xyz");
    expect(bodyTextOf(plain)).toBeUndefined();
    expect(unreadCopy(plain)).toBe(plain);
  });
});

describe("readChunks", () => {
  it("joins every chunk", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode("ab"));
        controller.enqueue(encode("cd"));
        controller.close();
      },
    });
    const bytes = await readChunks(stream.getReader(), new AbortController().signal);
    expect(new TextDecoder().decode(bytes)).toBe("abcd");
  });

  it("gives up with the signal's reason when a body never ends", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encode("partial"));
      },
    });
    const controller = new AbortController();
    const reader = stream.getReader();
    const reading = readChunks(reader, controller.signal);
    const reason = new Error("too slow");
    // Whoever aborts also cancels the reader, as the attempt plugin does.
    setTimeout(() => {
      controller.abort(reason);
      void reader.cancel(reason);
    }, 10);
    await expect(reading).rejects.toBe(reason);
  });

  it("passes a stream error on", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.error(new TypeError("terminated"));
      },
    });
    await expect(readChunks(stream.getReader(), new AbortController().signal)).rejects.toThrow(
      "terminated",
    );
  });
});
