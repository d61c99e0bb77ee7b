/**
 * Persian (۰-۹) and Arabic-Indic (٠-٩) digits are digits: a clerk may type a phone number, a
 * date, an amount or a record number with whichever keyboard is at hand. Every field that takes
 * digits passes what was typed through here, so the working copy keeps one form (Western digits,
 * as the core's validators also do for the HTTP API).
 */

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;
const FOREIGN_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/;
const FOREIGN_DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/g;
/** The Arabic decimal and thousands separators, for amounts typed on an Arabic keyboard. */
const ARABIC_SEPARATORS: Record<string, string> = { '\u066B': '.', '\u066C': ',' };

/** The text with every Persian and Arabic-Indic digit written as a Western one. */
export function toWesternDigits(text: string): string {
  if (!FOREIGN_DIGIT.test(text)) return text;
  return text.replace(FOREIGN_DIGITS, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= PERSIAN_ZERO ? c - PERSIAN_ZERO : c - ARABIC_INDIC_ZERO);
  });
}

/** As [`toWesternDigits`], and the Arabic decimal and thousands separators too (amounts, numbers). */
export function toWesternNumber(text: string): string {
  return toWesternDigits(text).replace(/[\u066B\u066C]/g, (s) => ARABIC_SEPARATORS[s] ?? s);
}

export function hasForeignDigits(text: string): boolean {
  return FOREIGN_DIGIT.test(text);
}

/**
 * A capture-phase `beforeinput` handler for a field's container: typed or pasted Persian and
 * Arabic-Indic digits are inserted as Western digits instead, where the caret is. Date segments
 * and number fields parse only the digits of their own locale, so without this they would drop
 * such a keystroke without a word.
 */
export function westernDigitsOnInput(e: InputEvent) {
  const data = e.data ?? e.dataTransfer?.getData('text/plain') ?? null;
  if (!data || !hasForeignDigits(data) || !e.cancelable) return;
  if (!/^insert(Text|FromPaste|ReplacementText|FromDrop)$/.test(e.inputType)) return;
  const target = e.target;
  if (!(target instanceof HTMLElement)) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  const western = toWesternNumber(data);
  if (target.isContentEditable) {
    // A date segment takes its keys from `beforeinput` itself: hand it the Western digits.
    target.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: western, bubbles: true, cancelable: true }));
  } else {
    // A text box: the same insertion at the caret, through the field's own input handling.
    document.execCommand('insertText', false, western);
  }
}
