import type { UiCspInput } from '@gatehouse/app-kit';

/**
 * Origins your widgets may reach, sent to hosts as the resource's `_meta.ui.csp`. Hosts render
 * widgets in sandboxed iframes that block everything not listed here. List exact origins
 * (`https://api.example.com`): wildcards and paths are refused at start. If a URL redirects
 * (https://picsum.photos → https://fastly.picsum.photos), list both.
 */
export const widgetCsp: UiCspInput = {
  // fetch / XHR / WebSocket targets
  connectDomains: [],
  // images, scripts, styles, fonts, media
  resourceDomains: [],
};
