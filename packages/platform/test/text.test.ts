import { describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, MAX_NOTE_LENGTH, optionalTypedText, typedText } from '@tinnhiem/platform';

// Text a person types: stored composed (NFC) and trimmed, refused when it hides characters or runs on.

function refusal(run: () => unknown): { code: unknown; message: string } {
  try {
    run();
  } catch (error) {
    const e = error as { extensions?: { code?: unknown }; message: string };
    return { code: e.extensions?.code, message: e.message };
  }
  throw new Error('not refused');
}

describe('typedText', () => {
  it('stores one Vietnamese name in one form, whichever keyboard typed it', () => {
    const nfd = '  Nguyễn Thị Hằng '.normalize('NFD');
    expect(typedText('fullName', nfd)).toBe('Nguyễn Thị Hằng'.normalize('NFC'));
    expect(typedText('fullName', nfd)).toBe(typedText('fullName', 'Nguyễn Thị Hằng'));
  });

  it.each([
    ['NUL', 'Lê\u0000Văn', /fullName contains the control character NUL/],
    ['a bell', 'Lê\u0007Văn', /U\+0007/],
    ['a terminal escape', 'Lê \u001b[31mVăn', /U\+001B/],
    ['a line break in one line', 'Lê\nVăn', /U\+000A/],
    ['a C1 control', 'Lê\u0085Văn', /U\+0085/],
    ['a right-to-left override', 'Lê \u202EnăV', /changes the direction of the text \(U\+202E\)/],
    ['a left-to-right mark', 'Lê\u200EVăn', /U\+200E/],
    ['a first-strong isolate', 'Lê\u2068Văn', /U\+2068/],
  ])('refuses %s with BAD_USER_INPUT naming the field and the character', (_what, value, message) => {
    const { code, message: text } = refusal(() => typedText('fullName', value));
    expect(code).toBe('BAD_USER_INPUT');
    expect(text).toMatch(message);
  });

  it('keeps line breaks and tabs in a note, but no other control character', () => {
    expect(typedText('note', 'Dòng một\r\n\tDòng hai', 'note')).toBe('Dòng một\r\n\tDòng hai');
    expect(refusal(() => typedText('note', 'Dòng\u0007', 'note')).code).toBe('BAD_USER_INPUT');
  });

  it('counts length in characters, not UTF-16 units, up to the limit of its kind', () => {
    expect(typedText('title', 'Ủ'.repeat(MAX_LINE_LENGTH))).toHaveLength(MAX_LINE_LENGTH);
    expect(typedText('title', '𠀀'.repeat(MAX_LINE_LENGTH))).toHaveLength(2 * MAX_LINE_LENGTH);
    expect(refusal(() => typedText('title', 'a'.repeat(MAX_LINE_LENGTH + 1))).message).toBe(`title is longer than ${MAX_LINE_LENGTH} characters.`);
    expect(typedText('note', 'a'.repeat(MAX_NOTE_LENGTH), 'note')).toHaveLength(MAX_NOTE_LENGTH);
    expect(refusal(() => typedText('note', 'a'.repeat(MAX_NOTE_LENGTH + 1), 'note')).code).toBe('BAD_USER_INPUT');
  });

  it('gives null for an optional field left out or blank', () => {
    expect(optionalTypedText('note', undefined)).toBeNull();
    expect(optionalTypedText('note', null)).toBeNull();
    expect(optionalTypedText('note', '   ')).toBeNull();
    expect(optionalTypedText('note', ' Có ')).toBe('Có');
  });
});
