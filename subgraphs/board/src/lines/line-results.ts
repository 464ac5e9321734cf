import type { BaseKind, ConsequenceCode, LowConfidenceBand, RulebookId } from '@tinnhiem/rules';
import { signingFetch } from '@tinnhiem/platform';
import { LINES, type LineName } from '../graphql/line-result.types';

/** The round a published result or binding vote comes from. */
interface PublishedRound {
  agency: LineName;
  roundId: string;
  roundTitle: string;
  body: string;
  year: number;
  heldOn: string | null;
}

/** A published result as an agency subgraph serves it (its `ConfidenceResult`). */
export interface PublishedResult extends PublishedRound {
  offCycle: boolean;
  rulebook: RulebookId;
  status: string;
  nomineeId: string;
  officialCode: string;
  fullName: string;
  posts: string[];
  ballots: { summoned: number; present: number; issued: number; collected: number; valid: number };
  counts: { high: number; confident: number; low: number; invalid: number; unmarked: number };
  base: { kind: BaseKind; size: number };
  percentages: { high: string | null; confident: string | null; low: string | null };
  band: LowConfidenceBand;
  consequences: { code: ConsequenceCode; description: string; source: string }[];
  corrected: boolean;
  tallyEntryId: string;
  publishedAt: string | null;
}

/** A published binding vote as the council subgraph serves it (its `BindingVoteResult`). */
export interface PublishedBindingVote extends PublishedRound {
  trigger: { reason: string; pollNomineeId: string | null; petitioners: number | null; documentRef: string | null };
  nomineeId: string;
  officialCode: string;
  fullName: string;
  posts: string[];
  ballots: { summoned: number; present: number; issued: number; collected: number; valid: number };
  trust: number;
  noTrust: number;
  invalid: number;
  allDelegates: number;
  percentNoTrust: string | null;
  dismissalSubmission: boolean;
  consequences: { code: ConsequenceCode; description: string; source: string }[];
  corrected: boolean;
  publishedAt: string | null;
}

/** Only a People's Council holds binding votes (NQ 96/2023/QH15 Art. 13), so only its line has them. */
export const BINDING_VOTE_LINES: readonly LineName[] = ['council'];

export interface MissingLine {
  line: LineName;
  message: string;
}

export interface PublishedResults {
  results: PublishedResult[];
  /** Lines that did not answer: what is computed from `results` lacks them. */
  missing: MissingLine[];
}

export interface PublishedBindingVotes {
  votes: PublishedBindingVote[];
  missing: MissingLine[];
}

const FIELDS = `agency roundId roundTitle body year heldOn offCycle rulebook status nomineeId officialCode fullName posts
  ballots { summoned present issued collected valid } counts { high confident low invalid unmarked }
  base { kind size } percentages { high confident low } band consequences { code description source }
  corrected tallyEntryId publishedAt`;

const BINDING_VOTE_FIELDS = `agency roundId roundTitle body year heldOn trigger { reason pollNomineeId petitioners documentRef }
  nomineeId officialCode fullName posts ballots { summoned present issued collected valid }
  trust noTrust invalid allDelegates percentNoTrust dismissalSubmission consequences { code description source }
  corrected publishedAt`;

type LineAnswer<T> = { rows: T[] } | { message: string };

/**
 * Lists, filters, compliance checks and statistics need every line's published
 * results in the board itself, where a federated field cannot help: it reads
 * each agency's index (`partyPublishedResults` …) with the caller's own token,
 * so the agency applies its own visibility rules. A line that does not answer
 * is reported as missing, never silently left out.
 */
export class LineResultsReader {
  private readonly cache = new Map<string, Promise<PublishedResults>>();
  private readonly bindingCache = new Map<string, Promise<PublishedBindingVotes>>();

  constructor(
    private readonly endpoints: Readonly<Partial<Record<LineName, string>>>,
    private readonly authorization: string | undefined,
    /** A line's subgraph refuses unsigned requests when it has a secret: sign with the same one. */
    private readonly secrets: Readonly<Partial<Record<LineName, string>>> = {},
    private readonly timeoutMs = 10_000,
  ) {}

  /** Every published result of a year (or of all years), once per request. */
  published(year: number | null, nomineeIds?: readonly string[]): Promise<PublishedResults> {
    const key = JSON.stringify([year, nomineeIds ?? null]);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.fetchAll(year, nomineeIds);
      this.cache.set(key, pending);
    }
    return pending;
  }

  /** Every published binding vote of a year (or of all years), once per request. */
  bindingVotes(year: number | null, nomineeIds?: readonly string[]): Promise<PublishedBindingVotes> {
    const key = JSON.stringify([year, nomineeIds ?? null]);
    let pending = this.bindingCache.get(key);
    if (!pending) {
      pending = this.fetchLines<PublishedBindingVote>(BINDING_VOTE_LINES, 'PublishedBindingVotes', BINDING_VOTE_FIELDS, year, nomineeIds)
        .then(({ rows, missing }) => ({ votes: rows, missing }));
      this.bindingCache.set(key, pending);
    }
    return pending;
  }

  private async fetchAll(year: number | null, nomineeIds?: readonly string[]): Promise<PublishedResults> {
    const { rows, missing } = await this.fetchLines<PublishedResult>(LINES, 'PublishedResults', FIELDS, year, nomineeIds);
    return { results: rows, missing };
  }

  private async fetchLines<T>(
    lines: readonly LineName[],
    index: string,
    fields: string,
    year: number | null,
    nomineeIds?: readonly string[],
  ): Promise<{ rows: T[]; missing: MissingLine[] }> {
    const answers = await Promise.all(lines.map(async (line) => ({ line, answer: await this.fetchLine<T>(line, `${line}${index}`, fields, year, nomineeIds) })));
    return {
      rows: answers.flatMap(({ answer }) => ('rows' in answer ? answer.rows : [])),
      missing: answers.flatMap(({ line, answer }) => ('message' in answer ? [{ line, message: answer.message }] : [])),
    };
  }

  private async fetchLine<T>(line: LineName, field: string, fields: string, year: number | null, nomineeIds?: readonly string[]): Promise<LineAnswer<T>> {
    const url = this.endpoints[line];
    if (!url) return { message: `The ${line} line is not configured for the board (set ${line.toUpperCase()}_URL).` };
    const secret = this.secrets[line];
    const send = secret ? signingFetch(secret, fetch) : fetch;
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.authorization ? { authorization: this.authorization } : {}) },
        body: JSON.stringify({
          query: `query($year: Int, $ids: [ID!]) { ${field}(year: $year, nomineeIds: $ids) { ${fields} } }`,
          variables: { year, ids: nomineeIds ?? null },
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = (await response.json()) as { data?: Record<string, T[]> | null; errors?: { message: string }[] };
      const rows = body.data?.[field];
      if (!rows) return { message: `The ${line} line answered with an error: ${body.errors?.[0]?.message ?? response.statusText}` };
      return { rows };
    } catch (error) {
      return { message: `The ${line} line's subgraph did not answer (${error instanceof Error ? error.message : String(error)}).` };
    }
  }
}
