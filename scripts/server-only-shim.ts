/**
 * lib/ modules that must stay out of browser bundles import "server-only", which throws unless Next's
 * server build resolves it to its empty module. The scripts that run lib/jobs outside Next (run.ts,
 * worker.ts) are servers too: they import this first, and "server-only" is that empty module for them.
 */
import Module from "node:module";

const id = require.resolve("server-only");
const empty = new Module(id);
empty.loaded = true;
require.cache[id] = empty;
