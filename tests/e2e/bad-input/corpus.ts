import type { DevelopmentRole } from '@tinnhiem/stack';
import { expect } from 'vitest';

// Issue 5, part 6: what a careless or hostile client sends the gateway. Each case is one HTTP
// request; it must be refused with a clear error (HTTP status and extensions.code) or answered
// correctly, and it must store only what `stores` says.

/** What the test prepared before the corpus runs. */
export interface Fixture {
  /** A registered official with posts, for lookups. */
  readonly officialCode: string;
  /** A DRAFT party round (nominees can still be added). */
  readonly draftRoundId: string;
  /** An open electronic party round and one of its nominees, for ballots. */
  readonly ballotRoundId: string;
  readonly ballotNomineeId: string;
}

export interface Sent {
  /** A GraphQL request as JSON, or a raw body. */
  readonly body: { query?: unknown; variables?: unknown; operationName?: unknown } | string | Buffer;
  readonly contentType?: string;
  readonly method?: 'GET' | 'POST';
  /** Query string of a GET. */
  readonly search?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly as?: DevelopmentRole;
}

export type Category = 'malformed' | 'oversized' | 'nesting' | 'aliases' | 'types' | 'sql' | 'control' | 'unicode';

export interface CorpusCase {
  readonly name: string;
  readonly category: Category;
  readonly send: (fixture: Fixture) => Sent;
  /** Refused: the HTTP status and the `extensions.code` of every error. */
  readonly refused?: { readonly status: number; readonly code: string; readonly message?: RegExp };
  /** Answered: the data is checked by this function. */
  readonly answer?: (data: Record<string, unknown>, fixture: Fixture) => void;
  /** Rows an answered case adds, by subgraph and table; none otherwise. */
  readonly stores?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const refused = (status: number, code: string, message?: RegExp) => ({ status, code, ...(message ? { message } : {}) });
const query = (text: string, variables?: Record<string, unknown>, as: DevelopmentRole = 'boardAnalyst') =>
  (): Sent => ({ body: { query: text, ...(variables ? { variables } : {}) }, as });

const TOTAL = 'query($s: String) { officials(search: $s) { total } }';
const searchFinds = (text: string, total: number): Pick<CorpusCase, 'send' | 'answer'> => ({
  send: query(TOTAL, { s: text }),
  answer: (data) => expect(data).toEqual({ officials: { total } }),
});

const REGISTER = 'mutation($input: OfficialInput!) { registerOfficial(input: $input) { code fullName posts { title body } } }';
const official = (code: string, fullName: string, extra: Record<string, unknown> = {}) => ({
  input: { code, fullName, managedBy: 'AGENCY', posts: [{ line: 'COMMITTEE', title: 'Phó Giám đốc Sở Xây dựng', body: 'Ủy ban nhân dân thành phố' }], ...extra },
});
const ROUND = 'mutation($input: RoundPlanInput!) { createPartyRound(input: $input) { title body summoned } }';
const round = (title: string, extra: Record<string, unknown> = {}) => ({
  input: { title, body: 'Ban Chấp hành Đảng bộ thành phố', year: 2023, summoned: 50, ...extra },
});
const NOMINEE = 'mutation($r: ID!, $input: NomineeInput!) { addPartyNominee(roundId: $r, input: $input) { officialCode fullName posts } }';
const nominee = (officialCode: string, fullName: string) => ({ officialCode, fullName, posts: ['Ủy viên Ban Chấp hành'], managedBy: 'STANDING_BOARD' });
const CAST = 'mutation($code: String!, $marks: [BallotMarkInput!]!) { castPartyBallot(code: $code, marks: $marks) { receipt } }';

// One Vietnamese name, body and code typed on two keyboards: composed (NFC) and decomposed (NFD).
export const NAME_NFC = 'Nguyễn Thị Hằng';
export const BODY_NFC = 'Ủy ban nhân dân thành phố';
export const CODE_NFC = 'HÀ-001';
const NFD = (text: string) => text.normalize('NFD');

const nested = (depth: number, leaf: string) => `${'{ a '.repeat(depth)}${leaf}${' }'.repeat(depth)}`;

export const CORPUS: readonly CorpusCase[] = [
  // Malformed requests and documents.
  { category: 'malformed', name: 'a body that is not JSON', send: () => ({ body: '{"query": "{ __typename }"' }), refused: refused(400, 'BAD_REQUEST', /not valid JSON/) },
  { category: 'malformed', name: 'JSON null', send: () => ({ body: 'null' }), refused: refused(400, 'BAD_REQUEST') },
  { category: 'malformed', name: 'no query at all', send: () => ({ body: {} }), refused: refused(400, 'BAD_REQUEST') },
  { category: 'malformed', name: 'an empty query', send: () => ({ body: { query: '' } }), refused: refused(400, 'BAD_REQUEST') },
  { category: 'malformed', name: 'a query that is a number', send: () => ({ body: { query: 42 } }), refused: refused(400, 'BAD_REQUEST') },
  { category: 'malformed', name: 'variables that are a string', send: () => ({ body: { query: '{ __typename }', variables: 'x' } }), refused: refused(400, 'BAD_REQUEST') },
  { category: 'malformed', name: 'a batch of operations (batching is off)', send: () => ({ body: '[{"query":"{ __typename }"},{"query":"{ __typename }"}]' }), refused: refused(400, 'BAD_REQUEST') },
  { category: 'malformed', name: 'an unclosed selection', send: query('{ officials { total }'), refused: refused(400, 'GRAPHQL_PARSE_FAILED') },
  { category: 'malformed', name: 'an unterminated string', send: query('{ official(code: "GL-1) { code } }'), refused: refused(400, 'GRAPHQL_PARSE_FAILED') },
  { category: 'malformed', name: 'a field that does not exist', send: query('{ officials { salary } }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  { category: 'malformed', name: 'two anonymous operations', send: query('{ __typename } { __typename }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  {
    category: 'malformed', name: 'an operationName the document does not have',
    send: () => ({ body: { query: 'query A { __typename }', operationName: 'B' } }), refused: refused(400, 'OPERATION_RESOLUTION_FAILURE', /no operation named "B". Name one of: A/),
  },
  {
    category: 'malformed', name: 'two named operations and no operationName',
    send: () => ({ body: { query: 'query A { __typename } query B { __typename }' } }), refused: refused(400, 'OPERATION_RESOLUTION_FAILURE', /say which to run in operationName/),
  },
  {
    category: 'malformed', name: 'a mutation over GET', refused: refused(405, 'BAD_REQUEST'),
    send: () => ({ method: 'GET', body: '', search: `?query=${encodeURIComponent('mutation { registerOfficial(input: { code: "GET-1", fullName: "Qua GET", managedBy: AGENCY, posts: [] }) { code } }')}`, headers: { 'apollo-require-preflight': 'true' } }),
  },
  { category: 'malformed', name: 'a POST without a content type', send: () => ({ body: '{"query":"{ __typename }"}', contentType: '' }), refused: refused(400, 'BAD_REQUEST', /Cross-Site Request Forgery/) },

  // Oversized.
  { category: 'oversized', name: 'a body of 1.2 MB', send: () => ({ body: { query: '{ __typename }', variables: { padding: 'x'.repeat(1_200_000) } } }), refused: refused(413, 'PAYLOAD_TOO_LARGE') },
  { category: 'oversized', name: 'a document of 5,000 tokens', send: query(`{ ${'__typename '.repeat(5000)}}`), refused: refused(400, 'QUERY_TOO_COMPLEX') },
  { category: 'oversized', name: 'a field name of 200,000 letters', send: query(`{ ${'a'.repeat(200_000)} }`), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  { category: 'oversized', name: 'a search of 500,000 characters', ...searchFinds('nguyen '.repeat(71_429), 0) },
  { category: 'oversized', name: 'a page of a million officials', send: query('{ officials(limit: 1000000) { total } }'), refused: refused(200, 'BAD_USER_INPUT', /limit must be between 1 and 1000/) },

  // Deep nesting.
  { category: 'nesting', name: 'inline fragments nested 11 deep', send: query(`{ ${'... on Query { '.repeat(11)}__typename${' }'.repeat(11)} }`), refused: refused(400, 'QUERY_TOO_COMPLEX') },
  { category: 'nesting', name: 'selections nested 600 deep', send: query(nested(600, 'b')), refused: refused(400, 'QUERY_TOO_COMPLEX') },
  { category: 'nesting', name: 'selections nested 100,000 deep (stops at the token limit, no stack overflow)', send: query(nested(100_000, 'b')), refused: refused(400, 'QUERY_TOO_COMPLEX') },
  {
    category: 'nesting', name: 'fragments that spread each other', refused: refused(400, 'GRAPHQL_VALIDATION_FAILED'),
    send: query('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
  },
  {
    category: 'nesting', name: 'a variable nested 50,000 lists deep', refused: refused(400, 'BAD_USER_INPUT'),
    // Written out by hand: JSON.stringify itself overflows the stack on it.
    send: () => ({ body: `{"query":${JSON.stringify(TOTAL)},"variables":{"s":${'['.repeat(50_000)}"x"${']'.repeat(50_000)}}}`, as: 'boardAnalyst' }),
  },

  // Alias floods.
  {
    category: 'aliases', name: '16 aliases of one lookup', refused: refused(400, 'QUERY_TOO_COMPLEX'),
    send: query(`{ ${Array.from({ length: 16 }, (_, i) => `o${i}: official(code: "GL-${i}") { code }`).join(' ')} }`),
  },
  {
    category: 'aliases', name: '16 aliased registrations (nothing stored)', refused: refused(400, 'QUERY_TOO_COMPLEX'),
    send: query(`mutation { ${Array.from({ length: 16 }, (_, i) => `r${i}: registerOfficial(input: { code: "AL-${i}", fullName: "Bí Danh ${i}", managedBy: AGENCY, posts: [] }) { code }`).join(' ')} }`),
  },
  {
    category: 'aliases', name: '16 aliased ballot casts', refused: refused(400, 'QUERY_TOO_COMPLEX'),
    send: query(`mutation { ${Array.from({ length: 16 }, (_, i) => `c${i}: castPartyBallot(code: "${String(i).padStart(26, '0')}", marks: []) { receipt }`).join(' ')} }`),
  },
  {
    category: 'aliases', name: 'one fragment spread 40 times', refused: refused(400, 'QUERY_TOO_COMPLEX'),
    send: query(`{ officials { items { ${'...F '.repeat(40)}} } } fragment F on Official { code fullName posts { line title body } }`),
  },
  {
    category: 'aliases', name: '15 aliases of one lookup, within the limit',
    send: (f) => query(`{ ${Array.from({ length: 15 }, (_, i) => `o${i}: official(code: "${f.officialCode}") { code }`).join(' ')} }`)(),
    answer: (data, f) => expect(Object.values(data)).toEqual(Array(15).fill({ code: f.officialCode })),
  },

  // Wrong types.
  { category: 'types', name: 'a string literal for an Int', send: query('{ officials(limit: "10") { total } }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  { category: 'types', name: 'an Int literal over 32 bits', send: query('{ officials(limit: 2147483648) { total } }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  { category: 'types', name: 'a float for an Int', send: query('{ officials(limit: 1.5) { total } }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  { category: 'types', name: 'a string variable for an Int', send: query('query($l: Int!) { officials(limit: $l) { total } }', { l: 'ten' }), refused: refused(400, 'BAD_USER_INPUT') },
  { category: 'types', name: 'an object variable for a String', send: query(TOTAL, { s: { $ne: '' } }), refused: refused(400, 'BAD_USER_INPUT') },
  { category: 'types', name: 'a negative page size', send: query('{ officials(limit: -5) { total } }'), refused: refused(200, 'BAD_USER_INPUT', /limit must be between 1 and 1000/) },
  { category: 'types', name: 'a string for an enum', send: query('{ officials(managedBy: "STANDING_BOARD") { total } }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  { category: 'types', name: 'null for a required argument', send: query('{ official(code: null) { code } }'), refused: refused(400, 'GRAPHQL_VALIDATION_FAILED') },
  {
    category: 'types', name: 'a number as a string for members summoned (nothing stored)', refused: refused(400, 'BAD_USER_INPUT'),
    send: query(ROUND, { input: { title: 'Sai kiểu', body: 'Ban Chấp hành Đảng bộ thành phố', year: 2023, summoned: '50' } }, 'partyAdmin'),
  },
  {
    category: 'types', name: 'members summoned over 32 bits (nothing stored)', refused: refused(400, 'BAD_USER_INPUT'),
    send: query(ROUND, round('Quá lớn', { summoned: 99_999_999_999 }), 'partyAdmin'),
  },
  {
    category: 'types', name: 'a date not written YYYY-MM-DD (nothing stored)', refused: refused(200, 'BAD_USER_INPUT', /YYYY-MM-DD/),
    send: query(REGISTER, official('DATE-1', 'Ngày Sai', { retirementAnnouncedOn: '31/12/2023' })),
  },
  {
    category: 'types', name: 'a mark that is not a level', refused: refused(400, 'BAD_USER_INPUT'),
    send: (f) => query(CAST, { code: '0'.repeat(26), marks: [{ nomineeId: f.ballotNomineeId, mark: 'MAYBE' }] })(),
  },
  { category: 'types', name: 'a round id that is not an id', send: query('{ partyBallotReceipts(roundId: "round-1") }'), refused: refused(200, 'NOT_FOUND') },

  // SQL in arguments: each is plain text to the database.
  { category: 'sql', name: "a search for ' OR '1'='1", ...searchFinds("' OR '1'='1", 0) },
  { category: 'sql', name: 'a search for %, the LIKE wildcard', ...searchFinds('%', 0) },
  { category: 'sql', name: 'a search for _, the LIKE single character', ...searchFinds('_', 0) },
  { category: 'sql', name: 'a search for a backslash, the LIKE escape', ...searchFinds('\\', 0) },
  { category: 'sql', name: 'a search ending a statement', ...searchFinds("x'; DROP TABLE official; --", 0) },
  {
    category: 'sql', name: 'a body filter ending a statement',
    send: query('query($b: String) { officials(body: $b) { total } }', { b: "Ủy ban'; DELETE FROM official_post; --" }),
    answer: (data) => expect(data).toEqual({ officials: { total: 0 } }),
  },
  { category: 'sql', name: 'an official code ending a statement', send: query(`{ official(code: "'; DROP TABLE official; --") { code } }`), refused: refused(200, 'NOT_FOUND') },
  {
    category: 'sql', name: 'a round id with OR 1=1', refused: refused(200, 'NOT_FOUND'),
    send: query(`{ partyBallotReceipts(roundId: "00000000-0000-0000-0000-000000000000' OR 1=1 --") }`),
  },
  {
    category: 'sql', name: 'a name that is SQL is stored as written', stores: { board: { official: 1, official_post: 1 } },
    send: query(REGISTER, official('SQL-1', "Robert'); DROP TABLE official; --")),
    answer: (data) => expect(data).toEqual({ registerOfficial: { code: 'SQL-1', fullName: "Robert'); DROP TABLE official; --", posts: [{ title: 'Phó Giám đốc Sở Xây dựng', body: 'Ủy ban nhân dân thành phố' }] } }),
  },
  {
    category: 'sql', name: 'a round title that is SQL is stored as written', stores: { party: { round: 1 } },
    send: query(ROUND, round("'); DELETE FROM round; --"), 'partyAdmin'),
    answer: (data) => expect(data).toEqual({ createPartyRound: { title: "'); DELETE FROM round; --", body: 'Ban Chấp hành Đảng bộ thành phố', summoned: 50 } }),
  },

  // Control characters.
  { category: 'control', name: 'a NUL byte in a search', send: query(TOTAL, { s: 'Nguy\u0000n' }), refused: refused(200, 'BAD_USER_INPUT', /NUL/) },
  { category: 'control', name: 'a NUL byte in an official code', send: query('query($c: ID!) { official(code: $c) { code } }', { c: 'GL\u00001' }), refused: refused(200, 'BAD_USER_INPUT', /NUL/) },
  { category: 'control', name: 'a NUL byte in a name (nothing stored)', send: query(REGISTER, official('NUL-1', 'Lê\u0000Văn')), refused: refused(200, 'BAD_USER_INPUT', /NUL/) },
  { category: 'control', name: 'a NUL byte in a round title (nothing stored)', send: query(ROUND, round('Hội nghị\u0000'), 'partyAdmin'), refused: refused(200, 'BAD_USER_INPUT', /NUL/) },
  { category: 'control', name: 'terminal escapes and a bell in a search', ...searchFinds('\u001b[31m\u0007', 0) },
  { category: 'control', name: 'a raw control character inside a string of the document', send: query('{ official(code: "GL\u00011") { code } }'), refused: refused(200, 'NOT_FOUND') },
  { category: 'control', name: 'a bell and terminal escapes in a name (nothing stored)', send: query(REGISTER, official('CC-1', 'Lê Văn\u0007\u001b[2J')), refused: refused(200, 'BAD_USER_INPUT', /fullName contains the control character U\+0007/) },
  { category: 'control', name: 'a line break in a round title (nothing stored)', send: query(ROUND, round('Hội nghị\nthứ hai'), 'partyAdmin'), refused: refused(200, 'BAD_USER_INPUT', /title contains the control character U\+000A/) },
  { category: 'control', name: 'a right-to-left override in a post title (nothing stored)', send: query(REGISTER, official('CC-2', 'Lê Văn Mười', { posts: [{ line: 'PARTY', title: 'Ủy viên \u202E3202', body: 'Ban Chấp hành' }] })), refused: refused(200, 'BAD_USER_INPUT', /posts\.title contains an invisible character that changes the direction of the text \(U\+202E\)/) },
  { category: 'control', name: 'a right-to-left isolate in a nominee name (nothing stored)', send: (f) => query(NOMINEE, { r: f.draftRoundId, input: nominee('BI-1', 'Trần\u2067 Văn Mẫu') }, 'partyAdmin')(), refused: refused(200, 'BAD_USER_INPUT', /fullName contains an invisible character/) },
  { category: 'oversized', name: 'a name of 10,000 characters (nothing stored)', send: query(REGISTER, official('LONG-1', 'Nguyễn '.repeat(1429))), refused: refused(200, 'BAD_USER_INPUT', /fullName is longer than 300 characters/) },
  { category: 'oversized', name: 'a round title of 301 characters (nothing stored)', send: query(ROUND, round('H'.repeat(301)), 'partyAdmin'), refused: refused(200, 'BAD_USER_INPUT', /title is longer than 300 characters/) },
  { category: 'control', name: 'a byte-order mark before the document', send: query('\uFEFF{ __typename }'), answer: (data) => expect(data).toEqual({ __typename: 'Query' }) },

  // One Vietnamese name in NFC and NFD.
  {
    category: 'unicode', name: 'an official registered in NFD is stored in NFC', stores: { board: { official: 1, official_post: 1 } },
    send: query(REGISTER, { input: { code: NFD(CODE_NFC), fullName: NFD(NAME_NFC), managedBy: 'AGENCY', posts: [{ line: 'COMMITTEE', title: NFD('Giám đốc Sở Tư pháp'), body: NFD(BODY_NFC) }] } }),
    answer: (data) => expect(data).toEqual({ registerOfficial: { code: CODE_NFC, fullName: NAME_NFC, posts: [{ title: 'Giám đốc Sở Tư pháp', body: BODY_NFC }] } }),
  },
  {
    category: 'unicode', name: 'the same code again in NFC is a duplicate', refused: refused(200, 'DUPLICATE_OFFICIAL'),
    send: query(REGISTER, official(CODE_NFC, NAME_NFC)),
  },
  {
    category: 'unicode', name: 'a lookup by the code in NFD finds the NFC official',
    send: query('query($c: ID!) { official(code: $c) { code fullName } }', { c: NFD(CODE_NFC) }),
    answer: (data) => expect(data).toEqual({ official: { code: CODE_NFC, fullName: NAME_NFC } }),
  },
  { category: 'unicode', name: 'a search for the name in NFD', ...searchFinds(NFD(NAME_NFC), 1) },
  { category: 'unicode', name: 'a search for the name in NFC', ...searchFinds(NAME_NFC, 1) },
  {
    category: 'unicode', name: 'a body filter in NFD finds posts stored in NFC',
    send: query('query($b: String, $s: String) { officials(body: $b, search: $s) { total } }', { b: NFD(BODY_NFC), s: NAME_NFC }),
    answer: (data) => expect(data).toEqual({ officials: { total: 1 } }),
  },
  {
    category: 'unicode', name: 'a nominee given in NFD is stored in NFC', stores: { party: { nominee: 1 } },
    send: (f) => query(NOMINEE, { r: f.draftRoundId, input: nominee(NFD(CODE_NFC), NFD(NAME_NFC)) }, 'partyAdmin')(),
    answer: (data) => expect(data).toEqual({ addPartyNominee: { officialCode: CODE_NFC, fullName: NAME_NFC, posts: ['Ủy viên Ban Chấp hành'] } }),
  },
  {
    category: 'unicode', name: 'the same nominee again in NFC is a duplicate', refused: refused(200, 'DUPLICATE_NOMINEE'),
    send: (f) => query(NOMINEE, { r: f.draftRoundId, input: nominee(CODE_NFC, NAME_NFC) }, 'partyAdmin')(),
  },
];
