import { Arg, Ctx, Directive, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth';
import { fail } from '../errors';
import { readAuditLog, type AuditEntry } from './store';

// The same types in every subgraph, hence shareable; only the root field carries the subgraph's name.

@ObjectType('AuditEntry', { description: 'One mutation as the subgraph ran it. The input itself is never kept, only its digest.' })
@Directive('@shareable')
export class AuditEntryView implements AuditEntry {
  @Field(() => ID, { description: 'Position in the log, in the order entries were written.' }) seq!: string;
  @Field(() => Date) at!: Date;
  @Field(() => String, { nullable: true, description: 'The token’s subject; null for a caller without a token.' }) subject!: string | null;
  @Field(() => [String], { description: 'The roles the token carried.' }) roles!: string[];
  @Field(() => String, { description: 'The mutation field, e.g. createPartyRound.' }) operation!: string;
  @Field(() => String, { description: 'SHA-256, hex, of the field’s arguments as canonical JSON (keys sorted).' }) inputDigest!: string;
  @Field(() => String, { description: '"ok", or the error code the caller received.' }) outcome!: string;
}

@ObjectType('AuditLogPage')
@Directive('@shareable')
export class AuditLogPage {
  @Field(() => [AuditEntryView]) items!: AuditEntryView[];
  @Field(() => Int) total!: number;
  @Field(() => Int) offset!: number;
  @Field(() => Int) limit!: number;
}

/**
 * The root field that reads a subgraph's audit log (`partyAuditLog`,
 * `boardAuditLog` …); `authorize` is the subgraph's rule of who may.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function auditLogResolver(fieldName: string, authorize: (viewer: Viewer | null) => void): Function {
  @Resolver()
  class AuditLogResolver {
    @Query(() => AuditLogPage, { name: fieldName, description: 'This subgraph’s audit log, oldest first (auditors). `from` inclusive, `to` exclusive.' })
    async auditLog(
      @Ctx() ctx: { readonly db: DataSource; readonly viewer: Viewer | null },
      @Arg('from', () => Date, { nullable: true }) from?: Date | null,
      @Arg('to', () => Date, { nullable: true }) to?: Date | null,
      @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
      @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
    ): Promise<AuditLogPage> {
      authorize(ctx.viewer);
      if (limit < 1 || limit > 1000) fail('BAD_USER_INPUT', `limit must be between 1 and 1000, got ${limit}.`);
      if (offset < 0) fail('BAD_USER_INPUT', `offset cannot be negative, got ${offset}.`);
      if (from && to && from > to) fail('BAD_USER_INPUT', 'from must not be later than to.');
      const { items, total } = await readAuditLog(ctx.db, { from: from ?? null, to: to ?? null, limit, offset });
      return { items: items.map((e) => ({ ...e, roles: [...e.roles] })), total, offset, limit };
    }
  }
  return AuditLogResolver;
}
