import { useEffect } from 'react';
import type { HostContext } from './types.ts';

const FONT_STYLE_ID = 'mcp-host-fonts';

/**
 * Applies the host's look to the document: `theme` as `data-theme` + a `dark` class (Tailwind's
 * `dark:` variant, see index.css), `styles.variables` as CSS custom properties on `<html>`, and
 * `styles.css.fonts` (`@font-face` rules) as a style element. MCP Apps spec: Theming.
 */
export function useHostStyles(hostContext: HostContext): void {
  const theme = hostContext.theme;
  const variables = hostContext.styles?.variables;
  const fonts = hostContext.styles?.css?.fonts;

  useEffect(() => {
    const root = document.documentElement;
    if (theme === undefined) {
      // No host preference: index.css falls back to prefers-color-scheme.
      delete root.dataset['theme'];
      root.classList.remove('dark');
      root.style.removeProperty('color-scheme');
      return;
    }
    root.dataset['theme'] = theme;
    root.classList.toggle('dark', theme === 'dark');
    root.style.colorScheme = theme;
  }, [theme]);

  useEffect(() => {
    if (variables === undefined) return;
    const root = document.documentElement;
    for (const [name, value] of Object.entries(variables)) {
      // Only custom properties: a host cannot restyle arbitrary properties through this map.
      if (name.startsWith('--') && typeof value === 'string') root.style.setProperty(name, value);
    }
  }, [variables]);

  useEffect(() => {
    if (fonts === undefined) return;
    let style = document.getElementById(FONT_STYLE_ID);
    if (style === null) {
      style = document.createElement('style');
      style.id = FONT_STYLE_ID;
      document.head.append(style);
    }
    style.textContent = fonts;
  }, [fonts]);
}
