import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { committeeAgency } from '@tinnhiem/committee-subgraph';
import { councilAgency } from '@tinnhiem/council-subgraph';
import { partyAgency } from '@tinnhiem/party-subgraph';
import { COLUMNS, FORMATS, labels, NOTE_LABEL, NOTES_SHEET, type ReportRow } from '@tinnhiem/reports';
import { DEVELOPMENT_VIEWERS, seedDemo, startStack, type RunningStack } from '@tinnhiem/stack';
import { Workbook } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases';
import { dataOf, graphql, TEST_AUTH, tokenFor } from '../support/graphql';

const ROOT = resolve(__dirname, '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'tinnhiem-report-'));
let stack: RunningStack;
let origin: string;
const token: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack({
    auth: TEST_AUTH,
    ports: { gateway: 0, party: 0, council: 0, committee: 0, board: 0 },
    databaseUrls: {
      party: await createTestDatabase('rep_party'),
      council: await createTestDatabase('rep_council'),
      committee: await createTestDatabase('rep_committee'),
      board: await createTestDatabase('rep_board'),
    },
  });
  origin = new URL(stack.gatewayUrl).origin;
  await seedDemo(stack.databases, { party: partyAgency, council: councilAgency, committee: committeeAgency }, () => undefined);
  for (const [role, viewer] of Object.entries(DEVELOPMENT_VIEWERS)) token[role] = await tokenFor(viewer);

  // One decided follow-up, so the report's "latest decision" is checked against real data.
  const { official } = dataOf(await graphql<{ official: { partyResults: { nomineeId: string }[] } }>(stack.gatewayUrl,
    `{ official(code: "TU-014") { partyResults { nomineeId } } }`, {}, token.boardAnalyst));
  const input = { agency: 'party', nomineeId: official.partyResults[0]!.nomineeId, decidedOn: '2024-01-05' };
  for (const [decision, documentRef, note] of [['BINDING_VOTE_SCHEDULED', '12-QĐ/TU', null], ['RELIEVED', '15-QĐ/TU', 'Sau bỏ phiếu, "đồng ý"']]) {
    dataOf(await graphql(stack.gatewayUrl, `mutation($input: FollowUpDecisionInput!) { recordFollowUpDecision(input: $input) { id } }`,
      { input: { ...input, decision, documentRef, note } }, token.boardAnalyst));
  }
});

afterAll(async () => {
  await stack?.stop();
  rmSync(outDir, { recursive: true, force: true });
});

const HEADERS = [
  'Mã cán bộ', 'Họ và tên', 'Diện quản lý', 'Khối', 'Chức vụ', 'Cơ quan/Hội nghị', 'Đợt lấy phiếu', 'Năm',
  'Tín nhiệm cao', 'Tín nhiệm', 'Tín nhiệm thấp', 'Phiếu không hợp lệ', 'Không đánh dấu', 'Cơ sở tính tỷ lệ', 'Số làm cơ sở',
  'Tỷ lệ tín nhiệm cao (%)', 'Tỷ lệ tín nhiệm (%)', 'Tỷ lệ tín nhiệm thấp (%)', 'Mức', 'Hệ quả', 'Số liệu đính chính',
  'Theo dõi xử lý', 'Quyết định gần nhất',
];

type Cell = string | number;

interface ViewResult {
  agency: string; nomineeId: string; roundTitle: string; body: string; year: number; band: string; corrected: boolean;
  base: { kind: string; size: number };
  counts: { high: number; confident: number; low: number; invalid: number; unmarked: number };
  percentages: { high: string | null; confident: string | null; low: string | null };
  consequences: { description: string }[];
}
interface ViewOfficial {
  code: string; fullName: string; managedBy: string; posts: { line: string; title: string }[];
  partyResults: ViewResult[] | null; councilResults: ViewResult[] | null; committeeResults: ViewResult[] | null;
}
interface ViewFollowUp { agency: string; nomineeId: string; status: string; decisions: { decision: string; decidedOn: string; documentRef: string; note: string | null }[] }

const RESULT = `agency nomineeId roundTitle body year band corrected base { kind size } counts { high confident low invalid unmarked }
  percentages { high confident low } consequences { description }`;
const VIEW = `{
  officials(limit: 1000) { items { code fullName managedBy posts { line title }
    partyResults { ${RESULT} } councilResults { ${RESULT} } committeeResults { ${RESULT} } } }
  followUps(year: 2023, limit: 1000) { items { agency nomineeId status decisions { decision decidedOn documentRef note } } }
}`;

/** The rows the report must hold, derived here from the Board's GraphQL view, written independently of the package. */
async function rowsFromView(lines: readonly ('party' | 'council' | 'committee')[] = ['party', 'council', 'committee']): Promise<Cell[][]> {
  const view = dataOf(await graphql<{ officials: { items: ViewOfficial[] }; followUps: { items: ViewFollowUp[] } }>(
    stack.gatewayUrl, VIEW, {}, token.boardAnalyst));
  return view.officials.items.flatMap((o) => lines.flatMap((line) => (o[`${line}Results`] ?? []).filter((r) => r.year === 2023).map((r): Cell[] => {
    const followUp = view.followUps.items.find((f) => f.agency === r.agency && f.nomineeId === r.nomineeId);
    const last = followUp?.decisions.at(-1);
    const [y, m, d] = last?.decidedOn.split('-') ?? [];
    return [
      o.code, o.fullName, labels.MANAGED_BY[o.managedBy]!, labels.LINE[line.toUpperCase()]!,
      o.posts.filter((p) => p.line === line.toUpperCase()).map((p) => p.title).join('; '), r.body, r.roundTitle, r.year,
      r.counts.high, r.counts.confident, r.counts.low, r.counts.invalid, r.counts.unmarked,
      labels.BASE_KIND[r.base.kind]!, r.base.size, r.percentages.high ?? '', r.percentages.confident ?? '', r.percentages.low ?? '',
      labels.BAND[r.band]!, r.consequences.map((c) => c.description).join('; '), r.corrected ? 'Có' : 'Không',
      labels.FOLLOW_UP[followUp?.status ?? 'NOT_REQUIRED']!,
      last ? `${labels.DECISION[last.decision]}, ${last.documentRef}, ngày ${d}/${m}/${y}${last.note ? ` (${last.note})` : ''}` : '',
    ];
  })));
}

/** RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') records.push([...record, field]), (record = []), (field = ''), i++;
    else field += c;
  }
  expect(field === '' && record.length === 0, 'the last record ends with CRLF').toBe(true);
  return records;
}

async function download(format: 'csv' | 'xlsx', query = '?year=2023', authorization: string | null = `Bearer ${token.boardAnalyst}`) {
  return fetch(`${origin}/reports/consolidated.${format}${query}`, { headers: authorization ? { authorization } : {} });
}

async function readXlsx(bytes: Buffer): Promise<{ rows: Cell[][]; notes: Cell[][]; workbook: Workbook }> {
  const workbook = new Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const values = (name: string | number) => {
    const sheet = workbook.getWorksheet(name)!;
    const out: Cell[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      out.push(Array.from({ length: Math.max(row.cellCount, 1) }, (_, i) => (row.getCell(i + 1).value ?? '') as Cell));
    });
    return out;
  };
  return { rows: values(1), notes: values(NOTES_SHEET), workbook };
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'packages/reports/dist/cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('the consolidated report', () => {
  it('serves the CSV to a Board analyst with the numbers and names of the GraphQL view, in UTF-8 with BOM and CRLF', async () => {
    const response = await download('csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tong-hop-tin-nhiem-2023.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/\n/);

    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(HEADERS);
    expect(COLUMNS.map((c) => c.header)).toEqual(HEADERS);
    const expected = await rowsFromView();
    // 15 Party, 29 Council and 15 Committee results in the demo.
    expect(expected).toHaveLength(59);
    expect(rows).toEqual(expected.map((row) => row.map(String)));
    expect(rows.some((r) => r[6]!.includes(', kỳ họp cuối năm 2023')), 'a round title with a comma survives quoting').toBe(true);
    expect(rows.find((r) => r[0] === 'TU-014' && r[3] === 'Đảng')?.slice(21)).toEqual([
      'Đã có quyết định', 'Cho thôi giữ chức vụ, 15-QĐ/TU, ngày 05/01/2024 (Sau bỏ phiếu, "đồng ý")',
    ]);
    for (const row of rows) expect(row[1]).toBe(row[1]!.normalize('NFC'));
  });

  it('serves the XLSX with numbers as numbers, percentages as served, a bold frozen header and the notes sheet', async () => {
    const response = await download('xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="tong-hop-tin-nhiem-2023.xlsx"');
    const { rows: [header, ...rows], notes, workbook } = await readXlsx(Buffer.from(await response.arrayBuffer()));
    expect(header).toEqual(HEADERS);
    expect(rows).toEqual(await rowsFromView());

    const sheet = workbook.getWorksheet(1)!;
    expect(sheet.name).toBe('Tổng hợp 2023');
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(typeof sheet.getCell('K2').value).toBe('number');
    expect(sheet.getCell('R2').value).toMatch(/^\d+\.\d\d$/);

    expect(notes[0]).toEqual(['Năm', 2023]);
    expect(notes[1]![0]).toBe('Thời điểm lập');
    expect(notes[1]![1]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \(UTC\+07:00\)$/);
    expect(notes.slice(2)).toEqual([['Số kết quả', 59], ['Số kết quả bỏ phiếu tín nhiệm', 0], ['Dữ liệu', 'Đầy đủ: mọi khối đã trả lời']]);
  });

  it('refuses without a token (401), without the Board analyst role (403) and without a valid year (400)', async () => {
    const anonymous = await download('csv', '?year=2023', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect((await download('xlsx', '?year=2023', 'Bearer not-a-token')).status).toBe(401);
    const dashboard = await download('csv', '?year=2023', `Bearer ${token.dashboardReader}`);
    expect(dashboard.status).toBe(403);
    expect(await dashboard.text()).toMatch(/board:analyst/);
    for (const query of ['', '?year=', '?year=23', '?year=2023x', '?year=twenty']) {
      const response = await download('csv', query);
      expect(response.status, query).toBe(400);
      expect(await response.text()).toMatch(/\?year=YYYY/);
    }
  });

  it('quotes fields per RFC 4180 and keeps a typed formula from running in Excel', async () => {
    const [row] = await rowsFromView();
    const tricky = { ...Object.fromEntries(COLUMNS.map((c, i) => [c.key, row![i]!])), fullName: 'Lê "Út" Ánh,\r\nTuyết', latestDecision: '=HYPERLINK("x")' } as ReportRow;
    const csv = (await FORMATS.csv.render({ year: 2023, generatedAt: new Date(), rows: [tricky], bindingVotes: [], notes: ['Thiếu dữ liệu khối Đảng'] })).toString('utf8').slice(1);
    const [, parsed, empty, note] = parseCsv(csv);
    expect(parsed![1]).toBe('Lê "Út" Ánh,\r\nTuyết');
    expect(parsed![22]).toBe(`'=HYPERLINK("x")`);
    expect(empty).toEqual(HEADERS.map(() => ''));
    expect(note!.slice(0, 2)).toEqual([NOTE_LABEL, 'Thiếu dữ liệu khối Đảng']);
  });

  it('is written by the command, which explains bad flags and a refused token with its exit code', async () => {
    const out = join(outDir, 'bao-cao.xlsx');
    const ok = await runCli(['--year', '2023', '--format', 'xlsx', '--out', out], { GATEWAY_URL: stack.gatewayUrl, TOKEN: token.boardAnalyst! });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Wrote 59 results of 2023 to .*bao-cao\.xlsx \(\d+ bytes\)\.\n$/);
    const { rows: [, ...rows] } = await readXlsx(readFileSync(out));
    expect(rows).toEqual(await rowsFromView());

    const csvOut = join(outDir, 'tong-hop.csv');
    const csv = await runCli(['--year', '2023', '--out', csvOut, '--gateway', stack.gatewayUrl, '--token', token.boardAnalyst!], {});
    expect(csv.code).toBe(0);
    expect(parseCsv(readFileSync(csvOut, 'utf8').slice(1))).toHaveLength(60);

    const badYear = await runCli(['--year', 'năm', '--format', 'csv'], { TOKEN: 'x' });
    expect(badYear).toMatchObject({ code: 2, stderr: expect.stringMatching(/--year must be a four-digit year, got "năm"[\s\S]*Usage:/) });
    const badFormat = await runCli(['--year', '2023', '--format', 'pdf'], { TOKEN: 'x' });
    expect(badFormat).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be csv or xlsx, got "pdf"') });
    const unknown = await runCli(['--year', '2023', '--format', 'csv', '--yaer', '2023'], { TOKEN: 'x' });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--yaer'") });
    const noToken = await runCli(['--year', '2023', '--format', 'csv'], {});
    expect(noToken).toMatchObject({ code: 2, stderr: expect.stringContaining('No token') });

    const unwritable = await runCli(['--year', '2023', '--out', join(outDir, 'no-such-folder', 'r.csv')], { GATEWAY_URL: stack.gatewayUrl, TOKEN: token.boardAnalyst! });
    expect(unwritable).toMatchObject({ code: 1, stderr: expect.stringContaining('Could not write') });
    const unreachable = await runCli(['--year', '2023', '--format', 'csv', '--gateway', 'http://127.0.0.1:1/graphql'], { TOKEN: 'x' });
    expect(unreachable).toMatchObject({ code: 1, stderr: expect.stringContaining('GATEWAY_UNREACHABLE') });

    const refused = await runCli(['--year', '2023', '--out', join(outDir, 'refused.csv')], { GATEWAY_URL: stack.gatewayUrl, TOKEN: token.dashboardReader! });
    expect(refused).toMatchObject({ code: 3, stderr: expect.stringMatching(/refused the token \(FORBIDDEN\)[\s\S]*board:analyst/) });
    const expired = await runCli(['--year', '2023', '--out', join(outDir, 'expired.csv')], { GATEWAY_URL: stack.gatewayUrl, TOKEN: 'not-a-token' });
    expect(expired).toMatchObject({ code: 3, stderr: expect.stringContaining('UNAUTHENTICATED') });
  });

  // Last: it stops the Party subgraph.
  it('says which line is missing when an agency is down, and still writes the other lines’ rows', async () => {
    const expected = await rowsFromView(['council', 'committee']);
    await stack.services.party.stop();

    const csv = await download('csv');
    expect(csv.status).toBe(200);
    const records = parseCsv((await csv.text()).replace(/^\uFEFF/, ''));
    const blank = records.findIndex((r) => r.every((c) => c === ''));
    expect(records.slice(1, blank)).toEqual(expected.map((row) => row.map(String)));
    const notes = records.slice(blank + 1);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note[0]).toBe(NOTE_LABEL);
    expect(notes.map((n) => n[1])).toContainEqual(expect.stringMatching(/^Thiếu dữ liệu khối Đảng: không đọc được kết quả của \d+\/\d+ cán bộ/));

    const { rows, notes: notesSheet } = await readXlsx(Buffer.from(await (await download('xlsx')).arrayBuffer()));
    expect(rows.slice(1, expected.length + 1)).toEqual(expected);
    expect(notesSheet[4]).toEqual(['Dữ liệu', 'Không đầy đủ: xem các dòng dưới đây']);
    expect(notesSheet.slice(5).map((n) => n[1])).toContainEqual(expect.stringMatching(/^Thiếu dữ liệu khối Đảng/));

    const cli = await runCli(['--year', '2023', '--out', join(outDir, 'partial.csv')], { GATEWAY_URL: stack.gatewayUrl, TOKEN: token.boardAnalyst! });
    expect(cli).toMatchObject({ code: 4, stderr: expect.stringContaining('Thiếu dữ liệu khối Đảng') });
  });
});
