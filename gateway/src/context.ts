import type { Viewer } from '@tinnhiem/platform';

export interface GatewayContext {
  readonly authorization: string | undefined;
  readonly viewer: Viewer | null;
  /** Where the request comes from (see clientAddress): the key of the ballot rate limit. */
  readonly clientAddress: string;
}
