/**
 * What Next's server settles before the store's code runs, for the scripts that run that code outside
 * Next (run.ts's in-process worker, worker.ts, the bench's queue figures). They import this first:
 * - lib/ modules import "server-only" to stay out of browser bundles; it throws unless Next's server
 *   build resolves it to its empty module, and here it is that empty module too;
 * - NODE_ENV is `production` unless the script serves `dev`, as `next start` and `next dev` set it:
 *   the worker's emails render with React's production build (several times faster) and the store's
 *   environment is checked as in production.
 */
import Module from "node:module";

const id = require.resolve("server-only");
const empty = new Module(id);
empty.loaded = true;
require.cache[id] = empty;

if (!process.env.NODE_ENV) {
  Object.assign(process.env, { NODE_ENV: process.argv.includes("dev") ? "development" : "production" });
}
