import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codesMatchingResults, foldForSearch, officialSearchName, searchPattern, startBoardService, type BoardService, type PublishedResult } from '@tinnhiem/board-subgraph';
import { RegistrySchema1764000000001 } from '@tinnhiem/board-subgraph/dist/migrations/1764000000001-registry-schema';
import { FollowUp1764000000002 } from '@tinnhiem/board-subgraph/dist/migrations/1764000000002-follow-up';
import { closeDatabase, openDatabase } from '@tinnhiem/platform';
import { createTestDatabase } from '../../../tests/support/databases';
import { dataOf, errorCodes, graphql, TEST_AUTH, tokenFor } from '../../../tests/support/graphql';

// Finding officials: a name search that ignores Vietnamese diacritics and case, filters on posts,
// and filters on a year's published results (worst band, line that polled, follow-up status),
// all combinable and paged. The lines' results come from stand-in agency endpoints here.

describe('folding names for search', () => {
  it.each([
    ['Nguyễn Văn An', 'nguyen van an'],
    ['NGUYỄN VĂN AN', 'nguyen van an'],
    ['Nguyễn Văn An'.normalize('NFD'), 'nguyen van an'],
    ['  Đặng   Thị\tĐào ', 'dang thi dao'],
    ['ĐỖ ĐỨC ĐẠT', 'do duc dat'],
    ['Ðặng', 'dang'], // U+00D0, typed for Đ by some keyboards
    ['Thủy', 'thuy'],
    ['Thuỷ', 'thuy'], // the older tone placement folds the same
    ['Huỳnh Ngọc Ánh', 'huynh ngoc anh'],
    ['Ưng Ơn', 'ung on'],
    ['SO-014', 'so-014'],
  ])('%s → %s', (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });

  it('keeps the name and the code apart in search_name', () => {
    expect(officialSearchName('ĐỒNG-01', 'Nguyễn Thị Hường')).toBe('nguyen thi huong|dong-01');
  });

  it('makes a LIKE pattern in which the searcher’s % _ and \\ are plain characters', () => {
    expect(searchPattern(' Nguyễn  VĂN ')).toBe('%nguyen van%');
    expect(searchPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
    expect(() => searchPattern('   ')).toThrow(/search needs a letter or a digit/);
    expect(() => searchPattern('|')).toThrow(/search needs a letter or a digit/);
  });
});

describe('codesMatchingResults', () => {
  const r = (officialCode: string, agency: 'party' | 'council' | 'committee', band: PublishedResult['band']) => ({ officialCode, agency, band }) as PublishedResult;
  const results = [r('A', 'party', 'OVER_HALF'), r('A', 'council', 'NOT_OVER_HALF'), r('B', 'council', 'TWO_THIRDS_OR_MORE'), r('C', 'party', 'NOT_OVER_HALF')];
  const followUps = [{ officialCode: 'A', status: 'DECIDED' as const }, { officialCode: 'B', status: 'OVERDUE' as const }];

  it.each([
    [{ band: 'OVER_HALF' as const }, ['A']],
    [{ band: 'NOT_OVER_HALF' as const }, ['C']],
    [{ polledBy: 'COUNCIL' as const }, ['A', 'B']],
    [{ polledBy: 'COUNCIL' as const, band: 'TWO_THIRDS_OR_MORE' as const }, ['B']],
    [{ followUpStatus: 'DECIDED' as const }, ['A']],
    [{ followUpStatus: 'NOT_REQUIRED' as const }, ['C']],
    [{ followUpStatus: 'PENDING' as const }, []],
    [{ polledBy: 'PARTY' as const, followUpStatus: 'OVERDUE' as const }, []],
  ])('%o → %o', (filter, codes) => {
    expect(codesMatchingResults(results, followUps, filter).sort()).toEqual(codes);
  });
});

/** A line's published results as its subgraph would serve them, by year. */
const served: Record<'party' | 'council', PublishedResult[]> = { party: [], council: [] };
let agencies: Server;
let service: BoardService;
let url: string;
const tokens: Record<string, string> = {};
let statements: string[] = [];

const BOARD_POST = { line: 'PARTY', title: 'Ủy viên Ban Thường vụ Thành ủy', body: 'Ban Thường vụ Thành ủy' };
const COUNCIL_POST = { line: 'COUNCIL', title: 'Phó Chủ tịch HĐND thành phố', body: 'Hội đồng nhân dân thành phố' };
const COMMITTEE_POST = { line: 'COMMITTEE', title: 'Giám đốc Sở Xây dựng', body: 'Ủy ban nhân dân thành phố' };

const ROSTER = [
  { code: 'SRC-A', fullName: 'Nguyễn Văn An', managedBy: 'STANDING_BOARD', posts: [BOARD_POST, COUNCIL_POST] },
  { code: 'SRC-B', fullName: 'Nguyễn Văn Anh', managedBy: 'STANDING_BOARD', posts: [COUNCIL_POST] },
  { code: 'SRC-C', fullName: 'Đặng Thị Đào', managedBy: 'AGENCY', posts: [BOARD_POST, COMMITTEE_POST] },
  { code: 'SRC-D', fullName: 'Trần Thủy', managedBy: 'STANDING_BOARD', posts: [BOARD_POST] },
  { code: 'SRC-E', fullName: 'Lê Thuỷ', managedBy: 'AGENCY', posts: [COMMITTEE_POST] },
  { code: 'SRC-F', fullName: 'Phan Hữu Lộc', managedBy: 'STANDING_BOARD', posts: [BOARD_POST] },
  { code: 'SRC-G', fullName: 'Ôn 100% Nhân_Ái', managedBy: 'AGENCY', posts: [COMMITTEE_POST] },
];
const BULK = Array.from({ length: 45 }, (_, i) => `BULK-${String(i + 1).padStart(2, '0')}`);

let sequence = 0;
function published(agency: 'party' | 'council', officialCode: string, band: PublishedResult['band'], year = 2023): PublishedResult {
  sequence += 1;
  const uuid = `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return {
    agency, roundId: `10000000-0000-4000-8000-00000000000${agency === 'party' ? 1 : 2}`, roundTitle: `Vòng ${agency} ${year}`,
    body: agency === 'party' ? 'Ban Chấp hành Đảng bộ thành phố' : 'Hội đồng nhân dân thành phố', year, heldOn: `${year}-12-08`, offCycle: year !== 2023,
    rulebook: agency === 'party' ? 'QD96' : 'NQ96', status: 'PUBLISHED', nomineeId: uuid, officialCode, fullName: officialCode, posts: [],
    ballots: { summoned: 50, present: 48, issued: 48, collected: 48, valid: 48 }, counts: { high: 20, confident: 10, low: 18, invalid: 0, unmarked: 0 },
    base: { kind: 'COLLECTED', size: 48 }, percentages: { high: null, confident: null, low: null }, band, consequences: [], corrected: false,
    tallyEntryId: uuid, publishedAt: '2023-12-10T09:00:00.000Z',
  };
}

beforeAll(async () => {
  served.party = [
    published('party', 'SRC-A', 'OVER_HALF'),
    published('party', 'SRC-C', 'NOT_OVER_HALF'),
    published('party', 'SRC-D', 'OVER_HALF'),
    published('party', 'SRC-F', 'NOT_OVER_HALF', 2024),
    ...BULK.map((code) => published('party', code, 'NOT_OVER_HALF')),
  ];
  served.council = [published('council', 'SRC-A', 'NOT_OVER_HALF'), published('council', 'SRC-B', 'TWO_THIRDS_OR_MORE')];
  agencies = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const line = req.url === '/party' ? 'party' : 'council';
      const { variables } = JSON.parse(body) as { variables: { year: number | null } };
      const results = served[line].filter((r) => variables.year == null || r.year === variables.year);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { [`${line}PublishedResults`]: results } }));
    });
  });
  await new Promise<void>((resolve) => agencies.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(agencies.address() as AddressInfo).port}`;

  service = await startBoardService({
    databaseUrl: await createTestDatabase('search'),
    port: 0,
    auth: TEST_AUTH,
    onQuery: (sql) => statements.push(sql),
    // The committee line is down: port 9 (discard) refuses the connection.
    lineUrls: { party: `${origin}/party`, council: `${origin}/council`, committee: 'http://127.0.0.1:9/graphql' },
    now: () => new Date('2024-03-01T00:00:00Z'),
  });
  url = service.url;
  tokens.analyst = await tokenFor({ subject: 'b1', name: 'Analyst', roles: ['board:analyst'] });
  tokens.dashboard = await tokenFor({ subject: 'd1', name: 'Dashboard', roles: ['dashboard:reader'] });
  const register = `mutation($input: OfficialInput!) { registerOfficial(input: $input) { code } }`;
  for (const input of ROSTER) dataOf(await graphql(url, register, { input }, tokens.analyst));
  for (const code of BULK) dataOf(await graphql(url, register, { input: { code, fullName: `Cán bộ ${code}`, managedBy: 'AGENCY', posts: [BOARD_POST] } }, tokens.analyst));
  // SRC-D's low result has a decision; SRC-A's and SRC-B's have none, 30 days after publication.
  const decided = served.party.find((r) => r.officialCode === 'SRC-D');
  await service.db.query(
    `INSERT INTO follow_up_decision (agency, nominee_id, round_id, official_code, decision, decided_on, document_ref, recorded_by, recorded_by_name)
     VALUES ('party', $1, $2, 'SRC-D', 'RELIEVED', '2024-01-05', '15-QĐ/TU', 'b1', 'Analyst')`,
    [decided?.nomineeId, decided?.roundId],
  );
});

afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => agencies?.close(resolve));
});

const OFFICIALS = `query($managedBy: ManagedBy, $line: PoliticalLine, $body: String, $search: String, $year: Int, $band: LowConfidenceBand,
  $polledBy: PoliticalLine, $followUpStatus: FollowUpStatus, $limit: Int, $offset: Int) {
  officials(managedBy: $managedBy, line: $line, body: $body, search: $search, year: $year, band: $band, polledBy: $polledBy,
    followUpStatus: $followUpStatus, limit: $limit, offset: $offset) {
    total offset limit items { code fullName posts { line title } } missingLines { line message } } }`;

interface Page {
  total: number;
  items: { code: string; fullName: string }[];
  missingLines: { line: string; message: string }[];
}

async function officials(variables: Record<string, unknown>, token = tokens.analyst): Promise<Page> {
  return dataOf(await graphql<{ officials: Page }>(url, OFFICIALS, { limit: 1000, ...variables }, token)).officials;
}

async function codes(variables: Record<string, unknown>, token = tokens.analyst): Promise<string[]> {
  const page = await officials(variables, token);
  expect(page.total).toBe(page.items.length);
  return page.items.map((o) => o.code);
}

describe('searching the registry by name or code', () => {
  it.each([
    { search: 'nguyen van an', expected: ['SRC-A', 'SRC-B'] },
    { search: 'NGUYỄN VĂN ANH', expected: ['SRC-B'] },
    { search: 'Nguyễn Văn Anh'.normalize('NFD'), expected: ['SRC-B'] },
    { search: 'dang thi dao', expected: ['SRC-C'] },
    { search: 'ĐẶNG', expected: ['SRC-C'] },
    { search: 'thuy', expected: ['SRC-D', 'SRC-E'] },
    { search: 'Thủy', expected: ['SRC-D', 'SRC-E'] },
    { search: 'src-c', expected: ['SRC-C'] },
    { search: '100%', expected: ['SRC-G'] },
    { search: 'n_an', expected: [] },
    { search: 'lộc|src', expected: [] },
    { search: 'ngô', expected: [] },
  ])('"$search" finds $expected', async ({ search, expected }) => {
    expect(await codes({ search })).toEqual(expected);
  });

  it('writes search_name for every registered official, and the migration backfills officials registered before it', async () => {
    expect(await service.db.query(`SELECT search_name FROM official WHERE code = 'SRC-C'`)).toEqual([{ search_name: 'dang thi dao|src-c' }]);

    const databaseUrl = await createTestDatabase('search_backfill');
    const before = await openDatabase({ url: databaseUrl, entities: [], migrations: [RegistrySchema1764000000001, FollowUp1764000000002] });
    await before.query(`INSERT INTO official (code, full_name, managed_by) VALUES ('OLD-1', 'Lương Thị Ðiệp', 'AGENCY')`);
    await closeDatabase(before);
    const upgraded = await startBoardService({ databaseUrl, port: 0, auth: TEST_AUTH });
    try {
      const found = dataOf(await graphql<{ officials: Page }>(upgraded.url, `{ officials(search: "luong thi diep") { total items { code } } }`, {}, tokens.analyst));
      expect(found.officials).toEqual({ total: 1, items: [{ code: 'OLD-1' }] });
    } finally {
      await upgraded.stop();
    }
  });

  it('combines the search with the registry filters and pages with the right total', async () => {
    expect(await codes({ search: 'nguyen', managedBy: 'STANDING_BOARD', line: 'PARTY' })).toEqual(['SRC-A']);
    expect(await codes({ line: 'COMMITTEE', body: 'Ủy ban nhân dân thành phố', search: 'thuy' })).toEqual(['SRC-E']);
    // line and body together mean one post: SRC-C holds the body, but in the committee line, not the party line.
    expect(await codes({ line: 'PARTY', body: 'Ủy ban nhân dân thành phố' })).toEqual([]);
    expect(await codes({ body: ' Ủy ban nhân dân thành phố '.normalize('NFD') })).toEqual(['SRC-C', 'SRC-E', 'SRC-G']);
    const first = await officials({ search: 'bulk', limit: 20, offset: 40 });
    expect(first.total).toBe(45);
    expect(first.items.map((o) => o.code)).toEqual(['BULK-41', 'BULK-42', 'BULK-43', 'BULK-44', 'BULK-45']);
    expect(first.missingLines).toEqual([]);
  });
});

describe('filtering on a year’s published results', () => {
  it.each([
    { filter: { year: 2023, band: 'OVER_HALF' }, expected: ['SRC-A', 'SRC-D'] },
    { filter: { year: 2023, band: 'TWO_THIRDS_OR_MORE' }, expected: ['SRC-B'] },
    { filter: { year: 2024, band: 'NOT_OVER_HALF' }, expected: ['SRC-F'] },
    { filter: { year: 2023, polledBy: 'COUNCIL' }, expected: ['SRC-A', 'SRC-B'] },
    { filter: { year: 2023, polledBy: 'PARTY', band: 'OVER_HALF', managedBy: 'STANDING_BOARD', search: 'tran' }, expected: ['SRC-D'] },
    { filter: { year: 2023, followUpStatus: 'OVERDUE' }, expected: ['SRC-A', 'SRC-B'] },
    { filter: { year: 2023, followUpStatus: 'DECIDED' }, expected: ['SRC-D'] },
    { filter: { year: 2023, followUpStatus: 'PENDING' }, expected: [] },
    { filter: { year: 2023, followUpStatus: 'NOT_REQUIRED', search: 'src' }, expected: ['SRC-C'] },
    { filter: { year: 2023, polledBy: 'COMMITTEE' }, expected: [] },
  ])('$filter finds $expected', async ({ filter, expected }) => {
    expect(await codes(filter)).toEqual(expected);
  });

  it('says which line a result filter could not read, and only then', async () => {
    const page = await officials({ year: 2023, band: 'OVER_HALF' });
    expect(page.missingLines).toEqual([{ line: 'committee', message: expect.stringContaining('did not answer') as string }]);
    expect((await officials({ year: 2023, search: 'src' })).missingLines).toEqual([]);
  });

  it('pages a result-filtered list with the total of the whole list', async () => {
    const page = await officials({ year: 2023, polledBy: 'PARTY', limit: 10, offset: 45 });
    expect(page.total).toBe(48);
    expect(page.items.map((o) => o.code)).toEqual(['SRC-A', 'SRC-C', 'SRC-D']);
  });

  it('costs the same number of SQL statements for 2 officials as for 45, posts included', async () => {
    const count = async (limit: number) => {
      statements = [];
      const page = await officials({ year: 2023, polledBy: 'PARTY', followUpStatus: 'NOT_REQUIRED', search: 'bulk', limit });
      expect(page.items).toHaveLength(Math.min(limit, 45));
      return statements.length;
    };
    const few = await count(2);
    expect(await count(45)).toBe(few);
    expect(few).toBeLessThanOrEqual(4);
  });

  it.each([
    { what: 'a band without a year', variables: { band: 'OVER_HALF' }, code: 'BAD_USER_INPUT', message: 'give year too' },
    { what: 'a follow-up status without a year', variables: { followUpStatus: 'OVERDUE' }, code: 'BAD_USER_INPUT', message: 'give year too' },
    { what: 'a year in no term', variables: { year: 2019, band: 'OVER_HALF' }, code: 'YEAR_OUT_OF_TERM', message: '2019 is in no known term' },
    { what: 'a year in no term alone', variables: { year: 2040 }, code: 'YEAR_OUT_OF_TERM', message: '2026–2031' },
    { what: 'an empty search', variables: { search: '  ' }, code: 'BAD_USER_INPUT', message: 'search needs a letter or a digit' },
    { what: 'an empty body', variables: { body: '' }, code: 'BAD_USER_INPUT', message: 'body must name the body of a post' },
  ])('refuses $what with $code', async ({ variables, code, message }) => {
    const response = await graphql(url, OFFICIALS, variables, tokens.analyst);
    expect(errorCodes(response)).toEqual([code]);
    expect(response.errors?.[0]?.message).toContain(message);
  });

  it('shows follow-up status to Board analysts only; the other filters to anyone signed in', async () => {
    const response = await graphql(url, OFFICIALS, { year: 2023, followUpStatus: 'OVERDUE' }, tokens.dashboard);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(await codes({ year: 2023, band: 'TWO_THIRDS_OR_MORE' }, tokens.dashboard)).toEqual(['SRC-B']);
  });
});
