import { ClientSecretBasic, ClientSecretPost, None, type ClientAuth } from 'openid-client';

/**
 * Picks the token endpoint authentication when the request is made, from what the issuer
 * advertises: `client_secret_basic` (the OIDC Discovery §3 default when the list is absent),
 * else `client_secret_post`. Without a secret the client is public (`none`, PKCE only).
 */
export function clientAuthFor(clientSecret: string | undefined): ClientAuth {
  if (clientSecret === undefined) return None();
  const basic = ClientSecretBasic(clientSecret);
  const post = ClientSecretPost(clientSecret);
  return (as, client, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    const usePost =
      supported !== undefined &&
      !supported.includes('client_secret_basic') &&
      supported.includes('client_secret_post');
    (usePost ? post : basic)(as, client, body, headers);
  };
}
