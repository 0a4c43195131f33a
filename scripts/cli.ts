import { type ParseArgsConfig, parseArgs } from "node:util";

/** The command's `--options`; a wrong one prints why and the usage, and exits with 2. */
export function cliOptions<O extends NonNullable<ParseArgsConfig["options"]>>(options: O, usage: string) {
  try {
    return parseArgs({ options, strict: true }).values;
  } catch (error) {
    console.error((error as Error).message);
    console.error(usage);
    process.exit(2);
  }
}
