/** The Markdown views' one way to put names and messages into a comment (plan, drift, failures). */

/** Inline code; a backtick inside would close it, so it becomes a quote. */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Names and messages as plain text: no HTML, no Markdown emphasis, code or links. */
export function escapeText(text: string): string {
  return escapeHtml(text).replace(/([\\`*_[\]])/g, '\\$1');
}

/** Plain text in a table cell: also no `|`. */
export function escapeCell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|');
}
