export type { Proxy, ProxyTarget } from './target.ts';
export { ERR_REQUEST_TOO_LARGE } from './target.ts';
export type { ProxyOptions } from './forward.ts';
export { createProxy } from './forward.ts';
export type { StaticUpstreamOptions } from './static-upstream.ts';
export { createStaticUpstream } from './static-upstream.ts';
export { isIdentityHeader, stripIdentityHeaders } from './identity-headers.ts';
