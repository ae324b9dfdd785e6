/** A tunnel route's id is `<route>.<namespace>`; a configured route's id is its own name. */
export function routeNames(
  routeId: string,
  tunnel: boolean,
): { readonly route: string; readonly namespace?: string } {
  const dot = routeId.indexOf('.');
  if (!tunnel || dot === -1) return { route: routeId };
  return { route: routeId.slice(0, dot), namespace: routeId.slice(dot + 1) };
}
