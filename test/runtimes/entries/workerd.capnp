# workerd's config for the runtime test: the bundled worker (worker.js, beside this file once
# the test has written it) on the socket the test names with --socket-addr http=127.0.0.1:PORT;
# its fetches go out through a network service that may reach loopback (the sandbox).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
