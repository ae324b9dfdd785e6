/** The test IdP's own interaction pages: plain HTML forms a script or a real browser can post. */

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Sign-in form. Fields `email` and `password`; the submit button is `#sign-in` and the
 * "Cancel" button (`#cancel`, name `cancel`) makes the IdP answer `error=access_denied`.
 */
export function loginPage(input: { action: string; clientId: string; error?: string }): string {
  const error =
    input.error === undefined ? '' : `<p id="error" role="alert">${escape(input.error)}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head>
<body>
<h1>Sign in to continue to ${escape(input.clientId)}</h1>
${error}
<form method="post" action="${escape(input.action)}" data-form="login">
  <label>Email <input type="email" name="email" autocomplete="username" required></label>
  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit" id="sign-in">Sign in</button>
  <button type="submit" id="cancel" name="cancel" value="1" formnovalidate>Cancel</button>
</form>
</body></html>`;
}

export function errorPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><h1>${escape(title)}</h1><pre id="detail">${escape(detail)}</pre></body></html>`;
}
