/** Options every renderer accepts (each uses what applies to it). */
export interface RenderOptions {
  /** ANSI colours in a text view (the CLI sets it only on a TTY without NO_COLOR). */
  color?: boolean;
  /** Markdown: the size limit of one comment (default 65,000 characters). */
  maxLength?: number;
}

/** A view: a pure function of its model (knip's reporter registry), one signature for all. */
export type Renderer<M> = (model: M, options: RenderOptions) => string;

/** The JSON view of a versioned model: 2-space indent and a final newline. */
export function renderJson(model: unknown): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
