import { parseArgs } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { verifyBallotLog, type LogVerification } from './ballots/verify';

/**
 * `npm run verify -- --database-url postgres://… --round <id>`: recomputes an
 * electronic round's ballot chain and tally from the log alone (R13, issue 4
 * part 4) and compares them with the round's minutes and seal. It needs read
 * access only: the session is read-only, runs no migrations, and reads the
 * whole log in one snapshot, so ballots cast meanwhile cannot make a false break.
 *
 * Exit codes: 0 the log is intact and agrees with the minutes and the seal;
 * 1 it does not; 2 nothing was verified (bad arguments, unknown round, a paper
 * round, or no database).
 */

const EXIT = { verified: 0, broken: 1, usage: 2 } as const;

export const USAGE = `Usage: npm run verify -- --round <round id> [--database-url postgres://user:password@host:port/database] [--json]

Recomputes an electronic round's ballot chain and tally from its ballot log and compares them with
the round's counting minutes and seal. The database URL defaults to the DATABASE_URL environment
variable; read access is enough (the connection is read-only and runs no migrations).

Exit codes: 0 intact and matching, 1 a break or a mismatch, 2 bad arguments or nothing to verify.`;

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Options {
  databaseUrl: string;
  roundId: string;
  json: boolean;
}

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'database-url': { type: 'string' },
        round: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL ?? '';
  if (!databaseUrl) throw new UsageError('Give the database: --database-url postgres://… or the DATABASE_URL environment variable.');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new UsageError(`The database URL must start with postgres:// (got "${databaseUrl.slice(0, 40)}").`);
  const roundId = values.round?.trim() ?? '';
  if (!roundId) throw new UsageError('Give the round to verify: --round <round id>.');
  if (!UUID.test(roundId)) throw new UsageError(`"${roundId}" is not a round id (a UUID).`);
  return { databaseUrl, roundId, json: values.json ?? false };
}

interface RoundRow {
  id: string;
  title: string;
  body: string;
  year: number;
  status: string;
  mode: string;
  kind?: string;
  summoned: number;
  present: number | null;
  tokens_issued: number | null;
  seal_digest: string | null;
}

interface NomineeRow {
  id: string;
  official_code: string;
  full_name: string;
}

type MinutesRow = { nominee_id: string } & Record<string, number | string | null>;

/** What the command found: the verification, and what it is compared with, ready to print. */
export interface VerifyReport {
  round: { id: string; title: string; body: string; year: number; status: string; kind: string; summoned: number; present: number | null; tokensIssued: number | null };
  ballots: number;
  tokensUsed: number;
  head: string;
  intact: boolean;
  breaks: LogVerification['breaks'];
  /** Null while the round is open or being counted: the tally is hidden until it closes (issue 4, part 5). */
  tally: { nomineeId: string; officialCode: string; fullName: string; counts: Record<string, number> }[] | null;
  minutes: { nomineeId: string; counts: Record<string, number> }[] | null;
  tallyMatchesMinutes: boolean | null;
  seal: string | null;
  sealMatches: boolean | null;
  /** Intact, and no disagreement with the minutes or the seal. */
  verified: boolean;
}

/** The figures a round's kind counts, as named in the tally (blank rows are `invalid`). */
function figuresOf(kind: string): readonly string[] {
  return kind === 'BINDING_VOTE' ? ['trust', 'noTrust', 'invalid'] : ['high', 'confident', 'low', 'invalid'];
}

const LABEL: Record<string, string> = { high: 'HIGH', confident: 'CONFIDENT', low: 'LOW', trust: 'TRUST', noTrust: 'NO_TRUST', invalid: 'blank' };
const COLUMN: Record<string, string> = { high: 'high', confident: 'confident', low: 'low', trust: 'trust', noTrust: 'no_trust', invalid: 'invalid' };

async function verifyRound(em: EntityManager, roundId: string): Promise<VerifyReport> {
  // Every column, so the command reads databases from before and after a column was added.
  const [round] = (await em.query(`SELECT * FROM round WHERE id = $1`, [roundId])) as RoundRow[];
  if (!round) throw new UsageError(`No round with id ${roundId} in this database.`);
  if (round.mode !== 'ELECTRONIC') throw new UsageError(`Round "${round.title}" is counted on paper: it has no ballot log to verify.`);
  const kind = round.kind ?? 'CONFIDENCE_POLL';
  const figures = figuresOf(kind);
  const nominees = (await em.query(
    `SELECT id, official_code, full_name FROM nominee WHERE round_id = $1 ORDER BY ballot_order`,
    [roundId],
  )) as NomineeRow[];
  const check = await verifyBallotLog(em, roundId);
  const minutesRows = (await em.query(
    `SELECT l.* FROM tally_entry e JOIN tally_line l ON l.entry_id = e.id WHERE e.round_id = $1 AND e.entered_by = 'system:ballot-log'`,
    [roundId],
  )) as MinutesRow[];
  const pick = (source: Record<string, unknown>, column: (f: string) => string) =>
    Object.fromEntries(figures.map((f) => [f, Number(source[column(f)] ?? 0)]));
  const closed = round.status === 'CLOSED' || round.status === 'PUBLISHED';
  const tally = closed
    ? nominees.map((n, i) => ({
        nomineeId: n.id,
        officialCode: n.official_code,
        fullName: n.full_name,
        counts: pick((check.tally[i] ?? {}) as Record<string, unknown>, (f) => f),
      }))
    : null;
  const minutes = minutesRows.length === 0
    ? null
    : nominees.map((n) => ({ nomineeId: n.id, counts: pick(minutesRows.find((m) => m.nominee_id === n.id) ?? {}, (f) => COLUMN[f] ?? f) }));
  return {
    round: {
      id: round.id,
      title: round.title,
      body: round.body,
      year: round.year,
      status: round.status,
      kind,
      summoned: round.summoned,
      present: round.present,
      tokensIssued: round.tokens_issued,
    },
    ballots: check.ballots,
    tokensUsed: check.tokensUsed,
    head: check.head,
    intact: check.intact,
    breaks: check.breaks,
    tally,
    minutes,
    tallyMatchesMinutes: check.tallyMatchesMinutes,
    seal: round.seal_digest,
    sealMatches: check.sealMatches,
    verified: check.intact && check.tallyMatchesMinutes !== false && check.sealMatches !== false,
  };
}

/** The report as plain text, one fact per line. */
export function formatReport(report: VerifyReport): string {
  const { round } = report;
  const figures = figuresOf(round.kind);
  const lines = [
    `Round ${round.id}`,
    `  ${round.title} (${round.body}, ${round.year}); ${round.kind}, ${round.status}`,
    `  summoned ${round.summoned}, present ${round.present ?? '-'}, ballot codes issued ${round.tokensIssued ?? '-'}`,
    '',
    `Ballots in the log:  ${report.ballots}`,
    `Ballot codes spent:  ${report.tokensUsed}`,
    `Chain head:          ${report.head}`,
    `Chain intact:        ${report.intact ? 'yes' : 'NO'}`,
  ];
  if (report.breaks.length > 0) {
    lines.push('', `Breaks (${report.breaks.length}):`);
    for (const b of report.breaks) {
      lines.push(b.position > 0 ? `  ballot ${b.position} (receipt ${b.hash}): ${b.problem}` : `  the log as a whole: ${b.problem}`);
    }
  }
  lines.push('');
  if (report.tally) {
    lines.push('Tally from the log:');
    const width = Math.max(...report.tally.map((t) => `${t.fullName} (${t.officialCode})`.length), 10);
    report.tally.forEach((t, i) => {
      const name = `${t.fullName} (${t.officialCode})`.padEnd(width);
      const counts = figures.map((f) => `${LABEL[f]} ${t.counts[f] ?? 0}`).join('  ');
      const differs = report.minutes?.[i] && figures.some((f) => report.minutes?.[i]?.counts[f] !== t.counts[f]);
      lines.push(`  ${i + 1}. ${name}  ${counts}${differs ? `   minutes say: ${figures.map((f) => `${LABEL[f]} ${report.minutes?.[i]?.counts[f] ?? 0}`).join('  ')}` : ''}`);
    });
  } else {
    lines.push(`Tally from the log:  withheld while the round is ${round.status}; it is shown once the round closes`);
  }
  lines.push(
    `Tally vs minutes:    ${report.tallyMatchesMinutes === null ? 'no minutes yet (written from the log when the round closes)' : report.tallyMatchesMinutes ? 'match' : 'DIFFER'}`,
    `Seal:                ${report.sealMatches === null ? 'not sealed yet (sealed when the round is published)' : report.sealMatches ? `matches (${report.seal})` : `DOES NOT MATCH the stored seal ${report.seal}`}`,
    '',
    report.verified ? 'VERIFIED: the ballot log is intact and agrees with the minutes and the seal.' : 'NOT VERIFIED: see the breaks and mismatches above.',
  );
  return lines.join('\n');
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (options === 'help') {
    console.log(USAGE);
    return EXIT.verified;
  }
  // A plain connection: no entities, no migrations, and a session the server keeps read-only.
  const db = new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    entities: [],
    migrations: [],
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: 'tinnhiem-verify',
    extra: { max: 1, options: '-c default_transaction_read_only=on', connectionTimeoutMillis: 10_000 },
  });
  try {
    await db.initialize();
  } catch (error) {
    console.error(`Cannot connect to the database: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.usage;
  }
  try {
    // One snapshot of the round, its nominees, its log, its codes and its minutes.
    const report = await db.transaction('REPEATABLE READ', async (em) => {
      await em.query('SET TRANSACTION READ ONLY');
      return verifyRound(em, options.roundId);
    });
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return report.verified ? EXIT.verified : EXIT.broken;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return EXIT.usage;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`Verification could not run: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = EXIT.usage;
    },
  );
}
