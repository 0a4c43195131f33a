import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** The fakes' server on 127.0.0.1 (port 0: a free one); resolves with its port once it listens. */
export async function listenLocally(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops a fake's server, dropping its open keep-alive connections so tests never wait on them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((e) => (e ? reject(e) : resolve()));
    server.closeAllConnections();
  });
}
