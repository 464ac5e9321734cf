import { fail } from './errors';

/** Longest text of one line (a name, a code, a title, a body, a document number), in characters. */
export const MAX_LINE_LENGTH = 300;
/** Longest free text (a reason, a note), in characters. */
export const MAX_NOTE_LENGTH = 2000;

// Control characters cannot be seen, and bidirectional overrides make a name or a
// figure read differently from how it is stored, in reports as on screen. A
// note may keep its line breaks and tabs.
const CONTROL = /\p{Cc}/u;
const NOTE_CONTROL = /(?![\t\n\r])\p{Cc}/u;
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Text a person typed, the way it is stored and compared: composed (NFC),
 * since Vietnamese arrives in two forms, and trimmed. Refused with
 * BAD_USER_INPUT, naming the field, when it holds invisible characters or is
 * too long. Whether it may be empty is the caller's rule.
 */
export function typedText(field: string, value: string, kind: 'line' | 'note' = 'line'): string {
  const text = value.normalize('NFC').trim();
  const max = kind === 'line' ? MAX_LINE_LENGTH : MAX_NOTE_LENGTH;
  const hidden = (kind === 'line' ? CONTROL : NOTE_CONTROL).exec(text)?.[0] ?? BIDI_CONTROL.exec(text)?.[0];
  if (hidden) {
    const code = `U+${(hidden.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const what = BIDI_CONTROL.test(hidden)
      ? `an invisible character that changes the direction of the text (${code})`
      : `the control character ${code === 'U+0000' ? 'NUL' : code}`;
    fail('BAD_USER_INPUT', `${field} contains ${what}; type it again as plain text.`);
  }
  if ([...text].length > max) fail('BAD_USER_INPUT', `${field} is longer than ${max} characters.`);
  return text;
}

/** As typedText, for an optional field: null when absent or blank. */
export function optionalTypedText(field: string, value: string | null | undefined, kind: 'line' | 'note' = 'line'): string | null {
  return value == null ? null : typedText(field, value, kind) || null;
}
