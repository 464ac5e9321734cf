import type { ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth';
import { errorCodeOf } from '../errors';
import type { Logger } from '../logger';
import { inputDigest } from './digest';
import { appendAuditEntry } from './store';

export interface AuditOptions {
  /**
   * Mutation fields kept out of the log, each for a stated reason (the voting
   * engine's anonymous ballot casting: see unauditedMutations there).
   */
  readonly unaudited?: readonly string[];
}

/**
 * Writes one audit entry per root mutation field a request runs, whatever the
 * outcome: the caller (subject and roles, from the verified token), the field,
 * the digest of its arguments and `ok` or the error code. Requests refused
 * before execution (a bad token, an invalid document) run no mutation and
 * leave no entry. The response waits for the entries, so a caller that got an
 * answer can find it in the log.
 */
export function auditPlugin<C extends { readonly viewer: Viewer | null }>(db: DataSource, log: Logger, options: AuditOptions = {}): ApolloServerPlugin<C> {
  const unaudited = new Set(options.unaudited ?? []);
  return {
    async requestDidStart() {
      const writes: Promise<void>[] = [];
      return {
        async executionDidStart({ operation }) {
          if (operation.operation !== 'mutation') return;
          return {
            willResolveField({ info, args, contextValue }) {
              if (info.path.prev !== undefined || info.fieldName.startsWith('__') || unaudited.has(info.fieldName)) return;
              const viewer = contextValue.viewer;
              const record = {
                subject: viewer?.subject ?? null,
                roles: viewer?.roles ?? [],
                operation: info.fieldName,
                inputDigest: inputDigest(args as Record<string, unknown>),
              };
              return (error) => {
                const outcome = error ? errorCodeOf(error) : 'ok';
                writes.push(
                  appendAuditEntry(db, { ...record, outcome }).catch((failure: unknown) =>
                    // The mutation has happened; losing its entry must at least be loud.
                    log.error({ err: failure, audit: { ...record, outcome } }, 'audit entry not written'),
                  ),
                );
              };
            },
          };
        },
        async willSendResponse() {
          await Promise.all(writes);
        },
      };
    },
  };
}
