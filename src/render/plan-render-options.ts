/** Options every plan renderer accepts (each uses what applies to it). */
export interface PlanRenderOptions {
  /** ANSI colours in the text view (the CLI sets it only on a TTY without NO_COLOR). */
  color?: boolean;
  /** Markdown: the size limit of one comment (default 65,000 characters). */
  maxLength?: number;
}
