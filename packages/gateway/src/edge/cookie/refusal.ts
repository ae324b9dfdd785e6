/**
 * Why a request on a browser route stops at the gateway: nobody signed in while the policy needs
 * someone (`sign-in`), or the policy denies the signed-in user (`forbidden`).
 */
export type CookieRefusal = { readonly kind: 'sign-in' } | { readonly kind: 'forbidden' };

export const SIGN_IN: CookieRefusal = { kind: 'sign-in' };
export const FORBIDDEN: CookieRefusal = { kind: 'forbidden' };
