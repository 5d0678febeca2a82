// Disjoint sets over 0…n-1 (union–find with path halving): which runs or sentences end up in one group.

/** The root of `i`'s set in `parent` (each entry its parent; a root is its own), halving the path on the way. */
export function findRoot(parent: number[], i: number): number {
  let x = i;
  while (parent[x] !== x) {
    parent[x] = parent[parent[x] as number] as number;
    x = parent[x] as number;
  }
  return x;
}
