// Minimum-cost linear assignment (Hungarian method, shortest augmenting paths with potentials), for the
// one-to-one date alignment of tilse's `align_date_content_costs`. Same contract as
// scipy.optimize.linear_sum_assignment on a rectangular matrix: min(rows, cols) pairs, row indices ascending.

/** Optimal assignment of a rows x cols cost matrix; returns paired row and column indices. */
export function linearSumAssignment(cost: readonly (readonly number[])[]): { rows: number[]; cols: number[] } {
  const nRows = cost.length;
  const nCols = nRows === 0 ? 0 : cost[0].length;
  if (nRows === 0 || nCols === 0) return { rows: [], cols: [] };
  // The algorithm below needs rows <= cols; solve the transpose otherwise.
  const transposed = nRows > nCols;
  const n = transposed ? nCols : nRows;
  const m = transposed ? nRows : nCols;
  const at = (i: number, j: number): number => (transposed ? cost[j][i] : cost[i][j]);

  // 1-based arrays; column 0 is a virtual start. u/v are row/column potentials, match[j] the row of column j.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const match = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    match[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = match[j0];
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] !== 0);
    do {
      const j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 !== 0);
  }

  const pairs: [number, number][] = [];
  for (let j = 1; j <= m; j++) {
    if (match[j] === 0) continue;
    const r = match[j] - 1;
    const c = j - 1;
    pairs.push(transposed ? [c, r] : [r, c]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { rows: pairs.map((p) => p[0]), cols: pairs.map((p) => p[1]) };
}
