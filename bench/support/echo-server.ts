/**
 * A loopback HTTP server in its own process (so its work does not share the client's event loop):
 * answers every request with a small success envelope, like `get_client`. Prints its URL.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const body = JSON.stringify({
  success: true,
  data: { id: 2, name: "Jo", phone: "+13155550175", email: "", visits: 3 },
  meta: [],
});
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});
process.on("disconnect", () => process.exit(0));
