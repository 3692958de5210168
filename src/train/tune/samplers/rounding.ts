// numpy rounds halves to the even neighbour (banker's rounding); Math.round rounds them up. Steps and
// integers are rounded numpy's way so that samples land on the same grid points as Optuna's.
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
