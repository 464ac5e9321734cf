import type { BaseKind, ConsequenceCode, LowConfidenceBand, RulebookId } from '@tinnhiem/rules';
import { signingFetch } from '@tinnhiem/platform';
import { LINES, type LineName } from '../graphql/line-result.types';

/** A published result as an agency subgraph serves it (its `ConfidenceResult`). */
export interface PublishedResult {
  agency: LineName;
  roundId: string;
  roundTitle: string;
  body: string;
  year: number;
  heldOn: string | null;
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

export interface MissingLine {
  line: LineName;
  message: string;
}

export interface PublishedResults {
  results: PublishedResult[];
  /** Lines that did not answer: what is computed from `results` lacks them. */
  missing: MissingLine[];
}

const FIELDS = `agency roundId roundTitle body year heldOn offCycle rulebook status nomineeId officialCode fullName posts
  ballots { summoned present issued collected valid } counts { high confident low invalid unmarked }
  base { kind size } percentages { high confident low } band consequences { code description source }
  corrected tallyEntryId publishedAt`;

/**
 * Lists, filters, compliance checks and statistics need every line's published
 * results in the board itself, where a federated field cannot help: it reads
 * each agency's index (`partyPublishedResults` …) with the caller's own token,
 * so the agency applies its own visibility rules. A line that does not answer
 * is reported as missing, never silently left out.
 */
export class LineResultsReader {
  private readonly cache = new Map<string, Promise<PublishedResults>>();

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

  private async fetchAll(year: number | null, nomineeIds?: readonly string[]): Promise<PublishedResults> {
    const answers = await Promise.all(LINES.map(async (line) => ({ line, answer: await this.fetchLine(line, year, nomineeIds) })));
    return {
      results: answers.flatMap(({ answer }) => ('results' in answer ? answer.results : [])),
      missing: answers.flatMap(({ line, answer }) => ('message' in answer ? [{ line, message: answer.message }] : [])),
    };
  }

  private async fetchLine(line: LineName, year: number | null, nomineeIds?: readonly string[]): Promise<{ results: PublishedResult[] } | { message: string }> {
    const url = this.endpoints[line];
    if (!url) return { message: `The ${line} line is not configured for the board (set ${line.toUpperCase()}_URL).` };
    const field = `${line}PublishedResults`;
    const secret = this.secrets[line];
    const send = secret ? signingFetch(secret, fetch) : fetch;
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.authorization ? { authorization: this.authorization } : {}) },
        body: JSON.stringify({
          query: `query($year: Int, $ids: [ID!]) { ${field}(year: $year, nomineeIds: $ids) { ${FIELDS} } }`,
          variables: { year, ids: nomineeIds ?? null },
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = (await response.json()) as { data?: Record<string, PublishedResult[]> | null; errors?: { message: string }[] };
      const results = body.data?.[field];
      if (!results) return { message: `The ${line} line answered with an error: ${body.errors?.[0]?.message ?? response.statusText}` };
      return { results };
    } catch (error) {
      return { message: `The ${line} line's subgraph did not answer (${error instanceof Error ? error.message : String(error)}).` };
    }
  }
}
