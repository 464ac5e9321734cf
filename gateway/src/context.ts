import type { Viewer } from '@tinnhiem/platform';

export interface GatewayContext {
  readonly authorization: string | undefined;
  readonly viewer: Viewer | null;
}
