import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ManagedBy } from '../graphql/enums';

/**
 * A person on the ballot of a round. One row per person, covering all the
 * posts they are polled for (NQ 96/2023/QH15 Art. 2(4)); the same holds for the
 * Party line, where one conference polls a person once.
 */
@Entity({ name: 'nominee' })
@ObjectType('Nominee', { description: 'A person on the ballot (người được lấy phiếu).' })
@Directive('@shareable')
export class Nominee {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID)
  id!: string;

  @Column({ type: 'uuid', name: 'round_id' })
  @Field(() => ID)
  roundId!: string;

  @Column({ type: 'int', name: 'ballot_order' })
  @Field(() => Int, { description: 'Row number on the ballot.' })
  ballotOrder!: number;

  @Column({ type: 'text', name: 'official_code' })
  @Field(() => String, { description: 'Cadre code in the Organisation Board’s registry.' })
  officialCode!: string;

  @Column({ type: 'text', name: 'full_name' })
  @Field(() => String)
  fullName!: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Every post this poll covers.' })
  posts!: string[];

  @Column({ type: 'text', name: 'managed_by' })
  @Field(() => ManagedBy)
  managedBy!: ManagedBy;

  @Column({ type: 'date', name: 'retirement_announced_on', nullable: true })
  @Field(() => String, { nullable: true })
  retirementAnnouncedOn!: string | null;

  @Column({ type: 'date', name: 'elected_or_appointed_on', nullable: true })
  @Field(() => String, { nullable: true })
  electedOrAppointedOn!: string | null;
}
