import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ManagedBy, PoliticalLine } from '../graphql/enums';
import { LineResult } from '../graphql/line-result.types';

/** An official in the Organisation Board's registry (hồ sơ cán bộ), keyed by cadre code. */
@Entity({ name: 'official' })
@ObjectType('Official', { description: 'An official in the Organisation Board’s registry; every line adds its results.' })
@Directive('@key(fields: "code")')
export class Official {
  @PrimaryColumn({ type: 'text' })
  @Field(() => ID, { description: 'Cadre code.' })
  code!: string;

  @Column({ type: 'text', name: 'full_name' })
  @Field(() => String)
  fullName!: string;

  @Column({ type: 'text', name: 'managed_by' })
  @Field(() => ManagedBy)
  managedBy!: ManagedBy;

  @Column({ type: 'date', name: 'retirement_announced_on', nullable: true })
  @Field(() => String, { nullable: true, description: 'Date retirement was announced (R9), YYYY-MM-DD.' })
  retirementAnnouncedOn!: string | null;

  @Column({ type: 'date', name: 'elected_or_appointed_on', nullable: true })
  @Field(() => String, { nullable: true, description: 'Date elected or appointed to the current post (R9), YYYY-MM-DD.' })
  electedOrAppointedOn!: string | null;

  /** Name and code folded for search without diacritics (search.ts); written by registerOfficial. */
  @Column({ type: 'text', name: 'search_name', nullable: true, select: false })
  searchName?: string | null;

  // Resolved by the agency subgraphs; declared here so the assessment can @requires them.
  @Field(() => [LineResult], { nullable: true })
  @Directive('@external')
  partyResults?: LineResult[] | null;

  @Field(() => [LineResult], { nullable: true })
  @Directive('@external')
  councilResults?: LineResult[] | null;

  @Field(() => [LineResult], { nullable: true })
  @Directive('@external')
  committeeResults?: LineResult[] | null;
}

/** A post an official holds in one line of the political system. */
@Entity({ name: 'official_post' })
@ObjectType('OfficialPost')
export class OfficialPost {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID)
  id!: string;

  @Column({ type: 'text', name: 'official_code' })
  officialCode!: string;

  @Column({ type: 'text' })
  @Field(() => PoliticalLine)
  line!: PoliticalLine;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The post, e.g. "Phó Chủ tịch UBND thành phố".' })
  title!: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The body the post belongs to.' })
  body!: string;
}
