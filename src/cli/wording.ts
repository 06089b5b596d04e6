// Counted nouns for the CLI's sentences ("1 violation", "2 warnings"), in one place so no report says
// "1 violations".

/** `n` and the noun, plural unless n is 1; `pluralForm` for nouns not made with "s". */
export function plural(n: number, word: string, pluralForm = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralForm}`;
}
