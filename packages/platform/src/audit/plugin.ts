import type { ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues,
  getDirectiveValues,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth';
import { DomainError, errorCodeOf } from '../errors';
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

/** The entry written before a mutation runs; its outcome follows in a second entry. */
export const AUDIT_STARTED = 'STARTED';

/**
 * Writes two audit entries per root mutation field a request runs: one with
 * outcome STARTED before any of the operation runs, and one with `ok` or the
 * error code after it; each names the caller (subject and roles, from the
 * verified token), the field and the digest of its arguments. The first is
 * written, durably, before the mutation can change anything, and if it cannot
 * be written the operation does not run: no mutation goes unrecorded, and a
 * STARTED entry without its outcome marks one that a crash cut short. Requests
 * refused before execution (a bad token, an invalid document) run no mutation
 * and leave no entry. The response waits for the entries, so a caller that got
 * an answer can find it in the log.
 */
export function auditPlugin<C extends { readonly viewer: Viewer | null }>(db: DataSource, log: Logger, options: AuditOptions = {}): ApolloServerPlugin<C> {
  const unaudited = new Set(options.unaudited ?? []);
  return {
    async requestDidStart() {
      const writes: Promise<void>[] = [];
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const viewer = contextValue.viewer;
          try {
            for (const field of rootFieldArguments(schema, document, operation, request.variables ?? {})) {
              if (unaudited.has(field.name)) continue;
              await appendAuditEntry(db, {
                subject: viewer?.subject ?? null,
                roles: viewer?.roles ?? [],
                operation: field.name,
                inputDigest: inputDigest(field.args),
                outcome: AUDIT_STARTED,
              });
            }
          } catch (failure) {
            log.error({ err: failure }, 'audit entry not written: the mutation is refused');
            throw new DomainError('AUDIT_UNAVAILABLE', 'Nothing was changed: this service cannot write its audit log now, and it runs no change it cannot record. Try again later; if it goes on, tell the operator.', { http: { status: 200 } });
          }
        },
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

/**
 * The root fields an operation will run, with their arguments as execution
 * will see them (variables coerced, defaults applied, @skip and @include
 * honoured). None when the variables do not coerce: execution then refuses the
 * operation without running it.
 */
function rootFieldArguments(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): { name: string; args: Record<string, unknown> }[] {
  const mutation = schema.getMutationType();
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (!mutation || coerced.errors) return [];
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const included = (node: FieldNode | { directives?: FieldNode['directives'] }) =>
    getDirectiveValues(GraphQLSkipDirective, node, coerced.coerced)?.if !== true
    && getDirectiveValues(GraphQLIncludeDirective, node, coerced.coerced)?.if !== false;
  const fields: FieldNode[] = [];
  const collect = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else {
        const spread = fragments.get(selection.name.value);
        if (spread) collect(spread);
      }
    }
  };
  collect(operation.selectionSet);
  return fields.flatMap((node) => {
    const definition = mutation.getFields()[node.name.value];
    return definition ? [{ name: node.name.value, args: getArgumentValues(definition, node, coerced.coerced) }] : [];
  });
}
