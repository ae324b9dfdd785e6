import { html, type SafeHtml, SafeHtml as Markup } from './escape.ts';

/** A rendered page: the status to send and the whole document. */
export interface Page {
  readonly status: number;
  readonly html: string;
}

// Neutral, readable, no external assets; dark mode follows the system (prefers-color-scheme).
const STYLE = new Markup(`
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#d5d9df;
--accent:#1f5fbf;--accent-fg:#fff;--danger:#a4161a;--danger-bg:#fdecec;--focus:#f0a500}
@media (prefers-color-scheme:dark){:root{--bg:#14171b;--card:#1d2126;--fg:#e8eaed;--muted:#a3abb5;
--line:#39404a;--accent:#6ea2ff;--accent-fg:#0b1320;--danger:#ffb3b0;--danger-bg:#3a1618}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
main.wide{max-width:52rem}
h1{font-size:1.5rem;margin:0 0 1rem}h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
p,ul{margin:0 0 1rem}.muted{color:var(--muted);font-size:.875rem}
a{color:var(--accent)}code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.875em;word-break:break-all}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.5rem .625rem;font:inherit;color:inherit;background:var(--bg);border:1px solid var(--line);border-radius:.375rem}
button,.button{display:inline-block;margin-top:1rem;padding:.5rem 1rem;font:inherit;font-weight:600;text-decoration:none;
color:var(--accent-fg);background:var(--accent);border:1px solid var(--accent);border-radius:.375rem;cursor:pointer}
button.secondary,.button.secondary{color:var(--accent);background:transparent}
form.inline{display:inline;margin:0}form.inline button{margin:0}
ul.providers{list-style:none;padding:0}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.alert{padding:.75rem 1rem;margin:0 0 1rem;color:var(--danger);background:var(--danger-bg);border-radius:.375rem}
.alert:empty{display:none}
table{width:100%;border-collapse:collapse;font-size:.875rem}th,td{text-align:left;padding:.5rem;border-top:1px solid var(--line);vertical-align:top}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:1rem}
.actions form{margin:0}.actions button{margin-top:0}
@media (max-width:40rem){main{margin:0;padding:1.25rem 1rem;border-width:0 0 1px;border-radius:0}
table,tbody,tr,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
tr{border-top:1px solid var(--line);padding:.5rem 0}td,th{border:0;padding:.125rem 0}td{overflow-wrap:anywhere}}
`);

/** Wraps page content in the shared document: one `<main>` landmark, the title as the `<h1>`. */
export function layout(options: {
  readonly status: number;
  readonly title: string;
  readonly body: SafeHtml;
  readonly wide?: boolean;
  /** More CSS for this page only (a constant: never built from request data). */
  readonly style?: SafeHtml;
  /**
   * A same-origin script file for this page (`/inspect/app.js`); the page's CSP must allow that
   * one path. No page has inline script.
   */
  readonly script?: string;
}): Page {
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${options.title} · Gatehouse</title>
<style>${STYLE}${options.style ?? ''}</style>
${options.script === undefined ? '' : html`<script src="${options.script}" defer></script>`}
</head>
<body>
<main${options.wide === true ? new Markup(' class="wide"') : ''}>
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>
`;
  return { status: options.status, html: doc.value };
}

/** The request id line shown on error pages, for matching a report with the logs. */
export function requestIdLine(requestId: string | undefined): SafeHtml {
  return requestId === undefined
    ? html``
    : html`<p class="muted">Request ID: <code>${requestId}</code></p>`;
}

/** An error message in a live region, so screen readers announce it (id `form-error`). */
export function alert(message: string | undefined): SafeHtml {
  return message === undefined
    ? html``
    : html`<div id="form-error" class="alert" role="alert">${message}</div>`;
}
