export {
  accountPage,
  type AccountClient,
  type AccountPageOptions,
  type AccountSession,
} from './account.ts';
export { inspectCsp, PAGE_CSP, pageCsp } from './csp.ts';
export { PAGE_SECURITY_HEADERS, REDIRECT_SECURITY_HEADERS } from './security-headers.ts';
export { escapeHtml, html, safeHref, SafeHtml, type HtmlValue } from './escape.ts';
export { consentPage, type ConsentPageOptions } from './consent.ts';
export { forbiddenPage, type ForbiddenPageOptions } from './forbidden.ts';
export { layout, type Page } from './layout.ts';
export { mcpEndpointPage, type McpEndpointPageOptions } from './mcp-endpoint.ts';
export { messagePage, type MessagePageOptions } from './message.ts';
export { notFoundPage } from './not-found.ts';
export {
  MIN_PASSWORD_LENGTH,
  setPasswordPage,
  type SetPasswordPageOptions,
} from './set-password.ts';
export { signInPage, type SignInPageOptions, type SignInProvider } from './sign-in.ts';
export { signedOutPage } from './signed-out.ts';
export { sshVerifyPage, type SshVerifyPageOptions } from './ssh-verify.ts';
export { upstreamErrorPage, type UpstreamErrorPageOptions } from './upstream-error.ts';
