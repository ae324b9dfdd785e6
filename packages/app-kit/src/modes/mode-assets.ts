import type { UiCsp } from '../csp.ts';

/** What an asset mode provides to the registry: the widget ids, and each widget's HTML and CSP. */
export interface ModeAssets {
  list(): Promise<string[]>;
  read(id: string): Promise<{ readonly html: string; readonly csp: UiCsp }>;
}
