import { Field, ID, Int, ObjectType, Directive } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BaseKind, BindingVoteTrigger, RulebookId } from '@tinnhiem/rules';
import { BallotMode, BaseKindEnum, RoundKind, RoundStatus, RulebookEnum } from '../graphql/enums';

/**
 * One vote of an agency: a confidence-poll conference or, in a People's Council, a binding vote;
 * who is on the ballot, by how many, and its counting minutes.
 */
@Entity({ name: 'round' })
@ObjectType('Round', { description: 'A confidence-poll round (một hội nghị lấy phiếu tín nhiệm) or a People’s Council’s binding vote (bỏ phiếu tín nhiệm).' })
@Directive('@shareable')
export class Round {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID)
  id!: string;

  @Column({ type: 'text' })
  @Field(() => String)
  title!: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The body whose members vote, e.g. "Ban Chấp hành Đảng bộ thành phố".' })
  body!: string;

  @Column({ type: 'int' })
  @Field(() => Int)
  year!: number;

  @Column({ type: 'text' })
  @Field(() => RulebookEnum)
  rulebook!: RulebookId;

  @Column({ type: 'text', name: 'base_kind' })
  @Field(() => BaseKindEnum)
  baseKind!: BaseKind;

  @Column({ type: 'text' })
  @Field(() => BallotMode)
  mode!: BallotMode;

  @Column({ type: 'text' })
  @Field(() => RoundKind)
  kind!: RoundKind;

  // A binding vote's trigger (R8), shown as `trigger`; null on a confidence poll.
  @Column({ type: 'text', name: 'trigger_reason', nullable: true })
  triggerReason!: BindingVoteTrigger | null;

  /** LOW_CONFIDENCE_OVER_HALF: the nominee row of the published confidence-poll result. */
  @Column({ type: 'uuid', name: 'trigger_nominee_id', nullable: true })
  triggerNomineeId!: string | null;

  /** DELEGATE_PETITION: how many delegates signed. */
  @Column({ type: 'int', name: 'trigger_petitioners', nullable: true })
  triggerPetitioners!: number | null;

  /** The document that put the vote on the agenda; required for a Fatherland Front recommendation. */
  @Column({ type: 'text', name: 'trigger_document_ref', nullable: true })
  triggerDocumentRef!: string | null;

  @Column({ type: 'text' })
  @Field(() => RoundStatus)
  status!: RoundStatus;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Members summoned to the conference (or all delegates of the Council).' })
  summoned!: number;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Members present, recorded when the round opens.' })
  present!: number | null;

  @Column({ type: 'int', name: 'tokens_issued', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Electronic rounds: ballot codes issued (one per member present).' })
  tokensIssued!: number | null;

  @Column({ type: 'text', name: 'seal_digest', nullable: true })
  @Field(() => String, { nullable: true, description: 'Electronic rounds: the digest of the ballot chain’s head and the tally, set at publication.' })
  sealDigest!: string | null;

  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  @Field(() => Date)
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'opened_at', nullable: true })
  @Field(() => Date, { nullable: true })
  openedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'counting_at', nullable: true })
  @Field(() => Date, { nullable: true })
  countingAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;
}
