import { writeFile } from 'node:fs/promises';
import { parseCliArgs, USAGE, UsageError } from './cli-args';
import { FORMATS } from './formats';
import { ReportError } from './graphql';
import { consolidatedReport } from './report';

/** Exit codes, so a scheduled job can tell a refusal from an outage and an incomplete report from a complete one. */
const EXIT = { ok: 0, failed: 1, usage: 2, unauthorised: 3, incomplete: 4 } as const;

async function main(): Promise<number> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  const authorization = /^Bearer\s/i.test(options.token) ? options.token : `Bearer ${options.token}`;
  try {
    const report = await consolidatedReport({ endpoint: options.gateway, authorization }, options.year);
    const file = await FORMATS[options.format].render(report);
    try {
      await writeFile(options.out, file);
    } catch (error) {
      console.error(`Could not write ${options.out}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.failed;
    }
    console.log(`Wrote ${report.rows.length} results of ${options.year} to ${options.out} (${file.length} bytes).`);
    if (report.notes.length === 0) return EXIT.ok;
    console.error(`The report is incomplete; it says so in the file:\n${report.notes.map((n) => `  - ${n}`).join('\n')}`);
    return EXIT.incomplete;
  } catch (error) {
    if (!(error instanceof ReportError)) throw error;
    if (error.kind === 'unauthorised') {
      console.error(`The gateway refused the token (${error.code}): ${error.message}\nUse a Board analyst’s token (role board:analyst).`);
      return EXIT.unauthorised;
    }
    console.error(`No report (${error.code}): ${error.message}`);
    return error.kind === 'input' ? EXIT.usage : EXIT.failed;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = EXIT.failed;
  },
);
