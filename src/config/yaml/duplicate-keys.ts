import { isMap, isPair, isScalar, visit, type Document } from 'yaml';
import type { Diagnostic } from '../../diagnostics/index.js';
import type { SourceRef } from '../../model/index.js';

/**
 * Reports every mapping key that appears twice in the same mapping, at the second
 * occurrence. Linear in the size of the document (yaml's own check is quadratic).
 */
export function findDuplicateKeys(
  doc: Document,
  at: (offset: number) => SourceRef | undefined,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, offset);
          continue;
        }
        const firstAt = at(first);
        diagnostics.push({
          severity: 'error',
          code: 'FR102',
          summary: `duplicate key '${name}'`,
          detail: firstAt
            ? `first defined at line ${firstAt.line}, column ${firstAt.col}`
            : undefined,
          hint: 'merge the two entries into one, or rename one of them',
          source: at(offset),
        });
      }
    },
  });
  return diagnostics;
}
