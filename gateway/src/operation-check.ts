import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';

/**
 * Apollo Server leaves an operation it cannot pick (an operationName the
 * document lacks, or several operations and no name) to the executor, and
 * Apollo Gateway's executor answers it as an internal failure: HTTP 500,
 * INVALID_GRAPHQL. It is the client's mistake, so it is refused here as one,
 * with Apollo's own code for it and the names the client could have used.
 */
export function operationResolutionPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation) return;
          const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
          const choose = names.length > 0 ? ` Name one of: ${names.join(', ')}.` : '';
          const message = request.operationName
            ? `The document has no operation named "${request.operationName}".${choose}`
            : `The document has several operations: say which to run in operationName.${choose}`;
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
      };
    },
  };
}
