import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { cspViolationAdvice } from '../../shared/csp-advice.ts';
import { blankViewAdvice, VIEW_START_TIMEOUT_MS } from '../lib/blank-view.ts';
import type { WidgetResource } from '../lib/widget-resource.ts';

/** A repeat of a key replaces the warning; `undefined` withdraws it. */
export type WarningSink = (key: string, message: string | undefined) => void;

const NOT_STARTED = 'view-not-started';

/** SandboxCspViolationParams (contract.ts), read defensively: the proxy origin is untrusted. */
function violationOf(params: unknown): { blockedUrl: string; directive: string } | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const blockedUrl =
    'blockedUrl' in params && typeof params.blockedUrl === 'string' ? params.blockedUrl : '';
  const directive =
    'directive' in params && typeof params.directive === 'string' ? params.directive : '';
  return directive === '' ? undefined : { blockedUrl, directive };
}

/**
 * What the dev host tells a developer about a view that is not working, beyond protocol errors:
 * what its CSP blocked (and which `_meta.ui.csp` list to change), and a view that loaded but never
 * sent `ui/initialize` (a blank frame in every host).
 */
export class ViewDiagnostics {
  readonly #resource: WidgetResource;
  readonly #warn: WarningSink;
  readonly #timeoutMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #disposed = false;

  constructor(resource: WidgetResource, warn: WarningSink, timeoutMs = VIEW_START_TIMEOUT_MS) {
    this.#resource = resource;
    this.#warn = warn;
    this.#timeoutMs = timeoutMs;
  }

  /** `sandbox-csp-violation` from the proxy. */
  cspViolation(params: unknown): void {
    const violation = violationOf(params);
    if (violation === undefined || this.#disposed) return;
    this.#warn(
      `csp ${violation.directive} ${violation.blockedUrl}`,
      cspViolationAdvice({ ...violation, resourceUri: this.#resource.uri }),
    );
  }

  /** `sandbox-view-loaded` from the proxy: the view's scripts have run; start waiting. */
  viewLoaded(): void {
    if (this.#started || this.#disposed || this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      if (!this.#started && !this.#disposed) {
        this.#warn(NOT_STARTED, blankViewAdvice(this.#resource.html, this.#timeoutMs));
      }
    }, this.#timeoutMs);
  }

  /** Every message from the view; `ui/initialize` means it started (late is still fine). */
  viewMessage(message: JSONRPCMessage): void {
    if (this.#started || !('method' in message) || message.method !== 'ui/initialize') return;
    this.#started = true;
    clearTimeout(this.#timer);
    if (!this.#disposed) this.#warn(NOT_STARTED, undefined);
  }

  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
  }
}
