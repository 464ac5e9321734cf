import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A follow-up decision the Organisation Board recorded for a low-confidence
 * result (R12). Append-only: a later decision is a new row; the history stays.
 */
@Entity({ name: 'follow_up_decision' })
export class FollowUpDecision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'text' })
  agency!: string;

  @Column({ type: 'uuid', name: 'nominee_id' })
  nomineeId!: string;

  @Column({ type: 'uuid', name: 'round_id' })
  roundId!: string;

  @Column({ type: 'text', name: 'official_code' })
  officialCode!: string;

  @Column({ type: 'text' })
  decision!: string;

  @Column({ type: 'date', name: 'decided_on' })
  decidedOn!: string;

  @Column({ type: 'text', name: 'document_ref' })
  documentRef!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', name: 'recorded_by' })
  recordedBy!: string;

  @Column({ type: 'text', name: 'recorded_by_name' })
  recordedByName!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false, update: false })
  recordedAt!: Date;
}
