import { FollowUpDecision, planPoll, type Decision } from '@tinnhiem/board-subgraph';
import type { Nominee } from '@tinnhiem/voting';
import type { DataSource } from 'typeorm';
import { DEVELOPMENT_VIEWERS } from '../tokens';
import type { Line } from './people';

export interface PolledNominee {
  agency: 'party' | 'council' | 'committee';
  line: Line;
  body: string;
  nominee: Nominee;
}

/**
 * The Organisation Board's side of the demo: a 2023 voting plan that matches
 * the rounds except in two places, so the compliance report has something to
 * show, and follow-up decisions on some low-confidence results, so the others
 * show as overdue.
 */
const NOT_PLANNED = { line: 'COUNCIL', officialCode: 'HD-004' } as const;
const PLANNED_NOT_POLLED = { line: 'COMMITTEE', officialCode: 'TU-013', body: 'Hội nghị cán bộ chủ chốt UBND thành phố' } as const;

const DECISIONS: { agency: PolledNominee['agency']; officialCode: string; decision: Decision; decidedOn: string; documentRef: string; note: string }[] = [
  {
    agency: 'council',
    officialCode: 'UB-001',
    decision: 'BINDING_VOTE_SCHEDULED',
    decidedOn: '2023-12-18',
    documentRef: '25/TB-TTHĐND',
    note: 'Không xin từ chức; Thường trực HĐND trình bỏ phiếu tín nhiệm tại kỳ họp gần nhất.',
  },
  {
    agency: 'council',
    officialCode: 'SO-014',
    decision: 'DISMISSED',
    decidedOn: '2023-12-28',
    documentRef: '61/NQ-HĐND',
    note: 'HĐND thành phố miễn nhiệm chức danh Ủy viên UBND thành phố.',
  },
];

export async function seedBoardWork(board: DataSource, polled: readonly PolledNominee[]): Promise<{ planned: number; decisions: number }> {
  const analyst = DEVELOPMENT_VIEWERS.boardAnalyst;
  const polls = polled
    .filter((p) => !(p.line === NOT_PLANNED.line && p.nominee.officialCode === NOT_PLANNED.officialCode))
    .map((p) => ({ line: p.line, officialCode: p.nominee.officialCode, body: p.body }));
  for (const poll of [...polls, PLANNED_NOT_POLLED]) await planPoll(board, analyst, { year: 2023, ...poll });

  for (const d of DECISIONS) {
    const result = polled.find((p) => p.agency === d.agency && p.nominee.officialCode === d.officialCode);
    if (!result) throw new Error(`demo: ${d.officialCode} is not polled by the ${d.agency} line`);
    await board.getRepository(FollowUpDecision).insert({
      agency: d.agency,
      nomineeId: result.nominee.id,
      roundId: result.nominee.roundId,
      officialCode: d.officialCode,
      decision: d.decision,
      decidedOn: d.decidedOn,
      documentRef: d.documentRef,
      note: d.note,
      recordedBy: analyst.subject,
      recordedByName: analyst.name,
    });
  }
  return { planned: polls.length + 1, decisions: DECISIONS.length };
}
