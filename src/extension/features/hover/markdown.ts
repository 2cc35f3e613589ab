/**
 * Text shown literally in a Markdown hover. CommonMark lets a backslash escape any
 * ASCII punctuation, so escaping all of it leaves nothing a label like
 * `<img src=x onerror=alert(1)>` or `a|b{c}"` could turn into markup, a link or HTML.
 * Line breaks would start new blocks, so they become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r\n|\r|\n/g, ' ');
}
