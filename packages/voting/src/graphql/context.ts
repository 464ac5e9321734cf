import type { Viewer } from '@tinnhiem/platform';
import type { DataSource } from 'typeorm';
import type { AgencyConfig } from '../agency';
import type { BallotBox } from '../ballots/cast';
import type { BallotKey } from '../ballots/key';
import type { VotingLoaders } from './loaders';

export interface AgencyContext {
  readonly agency: AgencyConfig;
  readonly db: DataSource;
  readonly viewer: Viewer | null;
  readonly loaders: VotingLoaders;
  /** One per service: appends each round's ballots to its chain in order. */
  readonly ballotBox: BallotBox;
  readonly ballotKey: BallotKey;
}
