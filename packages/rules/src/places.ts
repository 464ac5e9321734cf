import type { Rulebook } from './rulebooks';

/** Where an official is polled: the agency and the body (Party committee, council, ...) in it. */
export interface PollPlace {
  agency: string;
  body: string;
}

export interface PlacesCheck {
  count: number;
  limit: number | null;
  exceeded: boolean;
  source: string;
}

/**
 * R11 An official holding several posts is polled at most at 2 places under QĐ 96-QĐ/TW (where they
 * work and where they hold Party membership; Công văn 731-CV/TU point 3); a Council polls a person once
 * for all posts it elected them to (NQ 96/2023/QH15 Art. 2(4)), so it sets no limit. Names are
 * compared after NFC normalisation and trimming, because the same place typed on two keyboards must
 * count once.
 */
export function checkPlacesPolled(places: readonly PollPlace[], rulebook: Rulebook): PlacesCheck {
  const count = distinctPlaces(places).length;
  const limit = rulebook.maxPlacesPolled;
  return { count, limit, exceeded: limit !== null && count > limit, source: rulebook.severalPostsSource };
}

/**
 * Setting: the number of places the Organisation Board's consolidated view allows across all
 * lines in one year. domain.md R11: "The Organisation Board's consolidated view checks the
 * 2-place limit across all agencies" (QĐ 96-QĐ/TW; Công văn 731-CV/TU point 3). Whether a
 * People's Council poll under NQ 96/2023/QH15 counts as one of those places is not settled by
 * the texts read here, so every line counts by default.
 */
export const DEFAULT_CONSOLIDATED_PLACES_LIMIT = 2;

export function checkPlacesAcrossLines(places: readonly PollPlace[], limit = DEFAULT_CONSOLIDATED_PLACES_LIMIT): PlacesCheck & { limit: number } {
  const count = distinctPlaces(places).length;
  return { count, limit, exceeded: count > limit, source: 'QĐ 96-QĐ/TW; Công văn 731-CV/TU point 3 (consolidated across lines)' };
}

/** Places once each, names in NFC and trimmed: the same body typed on two keyboards is one place. */
export function distinctPlaces(places: readonly PollPlace[]): PollPlace[] {
  const seen = new Map<string, PollPlace>();
  for (const p of places) {
    const place = { agency: p.agency.normalize('NFC').trim(), body: p.body.normalize('NFC').trim() };
    seen.set(JSON.stringify([place.agency, place.body]), place);
  }
  return [...seen.values()];
}
