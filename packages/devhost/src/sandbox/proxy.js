// The MCP Apps sandbox proxy (SEP-1865, mcp-spec.md §5.3 item 5). Served as /sandbox.js on the
// sandbox origin; runs in the browser without a build. It creates the view's inner iframe and
// relays JSON-RPC messages between the host page and the view, never to any other window.
// The view shares this page's origin (allow-same-origin) and can script it: the host must treat
// every message from the sandbox origin as untrusted.
(() => {
  'use strict';

  const configElement = document.getElementById('gatehouse-proxy-config');
  /** @type {{hostOrigin: string, csp: unknown, proxyReady: string, resourceReady: string, resourceRefused: string, cspViolation: string, viewLoaded: string, methodPrefix: string, viewSandbox: string, viewFrameId: string}} */
  const config = JSON.parse(configElement?.textContent ?? 'null');
  const hostOrigin = config.hostOrigin;

  function fail(message) {
    console.error(`[sandbox proxy] ${message}`);
    const box = document.createElement('p');
    box.id = 'gatehouse-proxy-error';
    box.textContent = `Sandbox proxy stopped: ${message}`;
    document.body.replaceChildren(box);
  }

  // Self-checks: a different origin from the top window, embedded by the dev host only.
  let topAccessible;
  try {
    topAccessible = window.top !== null && typeof window.top.location.href === 'string';
  } catch {
    topAccessible = false; // cross-origin: the SecurityError is what we want
  }
  if (window.parent === window) {
    fail('this page must be embedded by the dev host');
    return;
  }
  if (topAccessible) {
    fail('the top window is same-origin; the sandbox must run on a different origin');
    return;
  }
  const referrer = document.referrer;
  if (referrer !== hostOrigin && !referrer.startsWith(`${hostOrigin}/`)) {
    fail(`embedded by "${referrer || 'unknown'}", expected ${hostOrigin}`);
    return;
  }

  /** @type {HTMLIFrameElement | null} */
  let view = null;

  function isJsonRpc(data) {
    return (
      typeof data === 'object' && data !== null && !Array.isArray(data) && data.jsonrpc === '2.0'
    );
  }

  function toHost(message) {
    window.parent.postMessage(message, hostOrigin);
  }

  // Key order must not matter when comparing csp objects; undefined and {} are the same.
  function canonical(value) {
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
    }
    return value === undefined ? 'null' : JSON.stringify(value);
  }

  function refuse(reason, message) {
    console.warn(`[sandbox proxy] resource refused (${reason}): ${message}`);
    toHost({ jsonrpc: '2.0', method: config.resourceRefused, params: { reason, message } });
  }

  // ext-apps buildAllowAttribute: Permission Policy features, joined with "; ".
  function allowAttribute(permissions) {
    if (typeof permissions !== 'object' || permissions === null) return '';
    const features = [];
    if (permissions.camera) features.push('camera');
    if (permissions.microphone) features.push('microphone');
    if (permissions.geolocation) features.push('geolocation');
    if (permissions.clipboardWrite) features.push('clipboard-write');
    return features.join('; ');
  }

  // Dev host diagnostics (not SEP-1865): a securitypolicyviolation listener runs first in the
  // view's document and posts what the CSP blocked here; we forward it so the host can say which
  // _meta.ui.csp list to change. The view's script-src always has 'unsafe-inline'
  // (sandbox-csp.ts), so the listener runs under any csp. Duplicates are sent once.
  const MAX_VIOLATIONS = 50;
  let violationsForwarded = 0;

  function withCspListener(html) {
    const script =
      '<script data-gatehouse-devhost="csp-listener">(() => { const seen = new Set(); ' +
      "addEventListener('securitypolicyviolation', (e) => { " +
      "const params = { blockedUrl: String(e.blockedURI || ''), " +
      "directive: String(e.effectiveDirective || e.violatedDirective || '') }; " +
      "const key = params.directive + ' ' + params.blockedUrl; " +
      `if (seen.has(key) || seen.size >= ${MAX_VIOLATIONS}) return; seen.add(key); ` +
      `parent.postMessage({ jsonrpc: '2.0', method: ${JSON.stringify(config.cspViolation)}, params }, window.origin); ` +
      '}); })();</script>';
    // After <head>, <html> or the doctype (a script before the doctype would mean quirks mode).
    const anchor =
      /<head(?:\s[^>]*)?>/i.exec(html) ??
      /<html(?:\s[^>]*)?>/i.exec(html) ??
      /<!doctype[^>]*>/i.exec(html);
    if (anchor === null) return script + html;
    const at = anchor.index + anchor[0].length;
    return html.slice(0, at) + script + html.slice(at);
  }

  function forwardViolation(params) {
    if (typeof params !== 'object' || params === null) return;
    if (violationsForwarded >= MAX_VIOLATIONS) return;
    violationsForwarded += 1;
    const text = (value, max) => (typeof value === 'string' ? value.slice(0, max) : '');
    toHost({
      jsonrpc: '2.0',
      method: config.cspViolation,
      params: { blockedUrl: text(params.blockedUrl, 2048), directive: text(params.directive, 64) },
    });
  }

  function loadResource(params) {
    if (view !== null) {
      refuse('already-loaded', 'one resource per sandbox page load; reload the sandbox page');
      return;
    }
    if (typeof params !== 'object' || params === null || typeof params.html !== 'string') {
      refuse('invalid-params', 'params.html must be a string');
      return;
    }
    // The CSP header was fixed when this page loaded; a resource must not claim another one.
    if (canonical(params.csp ?? {}) !== canonical(config.csp ?? {})) {
      refuse(
        'csp-mismatch',
        'csp differs from the csp this sandbox page was loaded with; reload it with the resource csp',
      );
      return;
    }
    const frame = document.createElement('iframe');
    frame.id = config.viewFrameId;
    // Attributes before insertion: sandbox flags are read when the frame is created.
    frame.setAttribute('sandbox', config.viewSandbox);
    const allow = allowAttribute(params.permissions);
    if (allow !== '') frame.setAttribute('allow', allow);
    frame.setAttribute('title', 'MCP App view');
    frame.style.width = '100%';
    frame.style.height = '100%';
    frame.style.border = '0';
    frame.srcdoc = withCspListener(params.html);
    // Scripts have run by the load event; the host times the view's ui/initialize from here.
    frame.addEventListener(
      'load',
      () => toHost({ jsonrpc: '2.0', method: config.viewLoaded, params: {} }),
      { once: true },
    );
    view = frame;
    document.body.appendChild(frame);
  }

  window.addEventListener('message', (event) => {
    const fromHost = event.source === window.parent && event.origin === hostOrigin;
    const fromView = view !== null && event.source === view.contentWindow;
    if (!fromHost && !fromView) {
      console.warn('[sandbox proxy] ignored a message from an unknown window', event.origin);
      return;
    }
    const data = event.data;
    if (!isJsonRpc(data)) {
      console.warn('[sandbox proxy] ignored a message that is not JSON-RPC 2.0', data);
      return;
    }
    const method = typeof data.method === 'string' ? data.method : undefined;
    const sandboxMethod = method !== undefined && method.startsWith(config.methodPrefix);
    if (fromHost) {
      if (method === config.resourceReady) {
        loadResource(data.params);
      } else if (sandboxMethod) {
        console.warn('[sandbox proxy] ignored an unknown sandbox method from the host', method);
      } else if (view?.contentWindow) {
        // The srcdoc view shares this origin; never deliver to a document it navigated to.
        view.contentWindow.postMessage(data, window.location.origin);
      } else {
        console.warn('[sandbox proxy] no view yet; dropped a host message', method);
      }
      return;
    }
    // The view's CSP listener (withCspListener) is the one sandbox-* method a view may send.
    if (method === config.cspViolation) {
      forwardViolation(data.params);
      return;
    }
    // Only the proxy speaks the other sandbox-* methods; a view must not impersonate it.
    if (sandboxMethod) {
      console.warn('[sandbox proxy] ignored a sandbox method sent by the view', method);
      return;
    }
    toHost(data);
  });

  toHost({ jsonrpc: '2.0', method: config.proxyReady, params: {} });
})();
