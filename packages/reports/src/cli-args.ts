import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isReportFormat, reportFileName, type ReportFormat } from './formats';
import { parseYear } from './report';

export interface CliOptions {
  year: number;
  format: ReportFormat;
  out: string;
  gateway: string;
  token: string;
}

export const USAGE = `Usage: npm run report -- --year 2023 [--format csv|xlsx] [--out FILE] [--gateway URL] [--token TOKEN]

  --year     the year of the results (required)
  --format   csv or xlsx; taken from the extension of --out when not given
  --out      the file to write; default tong-hop-tin-nhiem-<year>.<format>
  --gateway  the gateway's GraphQL URL; default $GATEWAY_URL or http://127.0.0.1:4000/graphql
  --token    a Board analyst's token; default $TOKEN`;

export class UsageError extends Error {}

/** Flags win over the environment; a relative --out is taken from where `npm run` was typed. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        year: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        gateway: { type: 'string' },
        token: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.year === undefined) throw new UsageError('--year is required, e.g. --year 2023.');
  const year = parseYear(values.year);
  if (year === null) throw new UsageError(`--year must be a four-digit year, got "${values.year}".`);
  const format = values.format ?? values.out?.split('.').pop()?.toLowerCase();
  if (!format || !isReportFormat(format)) {
    throw new UsageError(values.format ? `--format must be csv or xlsx, got "${values.format}".` : 'Give --format csv or --format xlsx.');
  }
  const token = values.token ?? env.TOKEN;
  if (!token) throw new UsageError('No token: set TOKEN or give --token with a Board analyst’s token.');
  const out = values.out ?? reportFileName(year, format);
  return {
    year,
    format,
    out: isAbsolute(out) ? out : resolve(env.INIT_CWD ?? process.cwd(), out),
    gateway: values.gateway ?? env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql',
    token,
  };
}
