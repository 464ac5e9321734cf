import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Counting minutes (biên bản kiểm phiếu) as one counter entered them. Rows are
 * never updated or deleted (the database refuses): a correction is a new entry
 * with a reason, and the effective tally is the latest confirmed entry.
 */
@Entity({ name: 'tally_entry' })
export class TallyEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Order of entry within the database; assigned by PostgreSQL. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'uuid', name: 'round_id' })
  roundId!: string;

  @Column({ type: 'text', name: 'entered_by' })
  enteredBy!: string;

  @Column({ type: 'text', name: 'entered_by_name' })
  enteredByName!: string;

  @Column({ type: 'timestamptz', name: 'entered_at', insert: false, update: false })
  enteredAt!: Date;

  @Column({ type: 'int' })
  summoned!: number;

  @Column({ type: 'int' })
  present!: number;

  @Column({ type: 'int', name: 'ballots_issued' })
  ballotsIssued!: number;

  @Column({ type: 'int', name: 'ballots_collected' })
  ballotsCollected!: number;

  @Column({ type: 'int', name: 'valid_ballots' })
  validBallots!: number;

  @Column({ type: 'text', name: 'correction_reason', nullable: true })
  correctionReason!: string | null;
}

@Entity({ name: 'tally_line' })
export class TallyLine {
  @PrimaryColumn({ type: 'uuid', name: 'entry_id' })
  entryId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'nominee_id' })
  nomineeId!: string;

  // A line carries the columns of its round's kind and NULL in the other kind's (a CHECK and a
  // trigger hold it to that): the three levels of a poll, or trust and no trust of a binding vote.
  @Column({ type: 'int', nullable: true })
  high!: number | null;

  @Column({ type: 'int', nullable: true })
  confident!: number | null;

  @Column({ type: 'int', nullable: true })
  low!: number | null;

  @Column({ type: 'int', nullable: true })
  trust!: number | null;

  @Column({ type: 'int', name: 'no_trust', nullable: true })
  noTrust!: number | null;

  /** Rows left unmarked or marked more than once on otherwise valid ballots (R1). */
  @Column({ type: 'int' })
  invalid!: number;
}

/** The second counter's confirmation that they counted identical figures (R13). */
@Entity({ name: 'tally_confirmation' })
export class TallyConfirmation {
  @PrimaryColumn({ type: 'uuid', name: 'entry_id' })
  entryId!: string;

  @Column({ type: 'text', name: 'confirmed_by' })
  confirmedBy!: string;

  @Column({ type: 'text', name: 'confirmed_by_name' })
  confirmedByName!: string;

  @Column({ type: 'timestamptz', name: 'confirmed_at', insert: false, update: false })
  confirmedAt!: Date;
}
