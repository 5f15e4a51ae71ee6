import { isAlias, isMap, isPair, isSeq, type Document } from 'yaml';

/**
 * Fewer aliases (`*name`) than this in one file. `yaml` resolves each alias by scanning
 * the anchors and aliases before it, so their cost grows with the square of their number
 * (10,000 aliases: about 2 s; 50,000: minutes); access files need a few. (yaml's own
 * guard refuses 10,000 uses of one anchor too.)
 */
export const MAX_ALIASES = 10_000;

/**
 * Aliases may make a document at most this many times larger than written (counted in
 * nodes), or MIN_EXPANDED_NODES in all, whichever is more: a "billion laughs" file, or one
 * large anchor used many times, would otherwise multiply the work of every later stage.
 */
export const MAX_EXPANSION = 10;
export const MIN_EXPANDED_NODES = 1_000_000;

export interface AliasProblem {
  kind: 'count' | 'expansion';
  aliases: number;
  /** Nodes as written (an alias counts as one). */
  written: number;
  /** Nodes once every alias is replaced by its anchor's value. */
  expanded: number;
}

type AnyNode = unknown;

/**
 * Counts a document's nodes as written and as expanded (linear: each anchor's expanded
 * size is computed once) and reports aliases over the limits. Aliases resolve as in
 * `yaml`: to the last node with that anchor before them; an alias inside its own anchor
 * (a cycle) counts as one node.
 */
export function findAliasProblem(doc: Document.Parsed): AliasProblem | undefined {
  const anchors = new Map<string, AnyNode>();
  const sizes = new WeakMap<object, number>();
  let aliases = 0;
  let written = 0;
  const size = (node: AnyNode): number => {
    if (node === null || typeof node !== 'object') return 0;
    written += 1;
    if (isAlias(node)) {
      aliases += 1;
      const target = anchors.get(node.source);
      return (typeof target === 'object' && target !== null && sizes.get(target)) || 1;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) anchors.set(anchor, node);
    let total = 1;
    if (isMap(node)) {
      for (const pair of node.items) {
        total += isPair(pair) ? size(pair.key) + size(pair.value) : 0;
        if (aliases >= MAX_ALIASES) break;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        total += size(item);
        if (aliases >= MAX_ALIASES) break;
      }
    }
    sizes.set(node, total);
    return total;
  };
  const expanded = size(doc.contents);
  if (aliases >= MAX_ALIASES) return { kind: 'count', aliases, written, expanded };
  if (expanded > Math.max(MIN_EXPANDED_NODES, MAX_EXPANSION * written)) {
    return { kind: 'expansion', aliases, written, expanded };
  }
  return undefined;
}
