import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PoliticalLine } from '../graphql/enums';

/**
 * One line of the voting plan: this official is to be polled by this line in
 * this year. Withdrawing it is recorded on the entry, which stays; the
 * database refuses deletes and any other change.
 */
@Entity({ name: 'plan_entry' })
@ObjectType('PlanEntry', { description: 'Who is to be polled by which line in which year (kế hoạch lấy phiếu).' })
export class PlanEntry {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID)
  id!: string;

  @Column({ type: 'int' })
  @Field(() => Int)
  year!: number;

  @Column({ type: 'text', name: 'official_code' })
  @Field(() => String)
  officialCode!: string;

  @Column({ type: 'text' })
  @Field(() => PoliticalLine)
  line!: PoliticalLine;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The body that is to poll the official, e.g. "Ban Chấp hành Đảng bộ thành phố".' })
  body!: string;

  @Column({ type: 'text', name: 'planned_by' })
  plannedBy!: string;

  @Column({ type: 'text', name: 'planned_by_name' })
  @Field(() => String)
  plannedByName!: string;

  @Column({ type: 'timestamptz', name: 'planned_at', insert: false, update: false })
  @Field(() => Date)
  plannedAt!: Date;

  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true, insert: false, update: false })
  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'text', name: 'withdrawn_by', nullable: true })
  withdrawnBy!: string | null;

  @Column({ type: 'text', name: 'withdrawn_by_name', nullable: true })
  @Field(() => String, { nullable: true })
  withdrawnByName!: string | null;

  @Column({ type: 'text', name: 'withdrawal_reason', nullable: true })
  @Field(() => String, { nullable: true })
  withdrawalReason!: string | null;
}
