/**
 * Every error code the MCP App library raises, each with what it means. A test
 * (`packages/core/test/error-registries.test.ts`) fails when a code appears in `src/` without
 * being listed here, so this list is the one place to read them.
 */
export const APP_KIT_ERRORS = {
  ERR_APP_KIT_ASSETS_MISSING:
    'The built widget assets (manifest) are missing: run `npm run build:widgets` first.',
  ERR_APP_KIT_ASSET_MISSING:
    'A file a widget needs is missing from the assets folder: rebuild the widgets.',
  ERR_APP_KIT_BASE_URL_INVALID:
    '`baseUrl` is not an absolute http(s) URL without query or fragment.',
  ERR_APP_KIT_CSP_INVALID: 'A widget CSP entry is invalid (e.g. a wildcard in `connectDomains`).',
  ERR_APP_KIT_DEV_SERVER_ERROR: 'The widget dev server answered with an error status.',
  ERR_APP_KIT_DEV_SERVER_UNREACHABLE: 'The widget dev server is not reachable at its URL.',
  ERR_APP_KIT_INLINE_UNSUPPORTED:
    'A widget cannot be inlined because its bundle loads other files.',
  ERR_APP_KIT_MANIFEST_INVALID:
    'The widget manifest is not valid JSON or has the wrong shape: rebuild the widgets.',
  ERR_APP_KIT_OPTIONS_INVALID: 'Invalid widget registry options; the message names the option.',
  ERR_APP_KIT_WIDGETS_DIR_MISSING: 'The widget source folder does not exist.',
  ERR_APP_KIT_WIDGET_DUPLICATE: 'Two entry files define the same widget id.',
  ERR_APP_KIT_WIDGET_ID_INVALID:
    'A widget id that is not lower-case letters, digits and single dashes.',
  ERR_APP_KIT_WIDGET_NOT_FOUND: 'No widget with this id; the message lists the known widgets.',
  ERR_ASSERTION_INVALID:
    "The gateway's identity assertion is missing, forged, expired or for another route (`aud`).",
} as const;

export type AppKitErrorCode = keyof typeof APP_KIT_ERRORS;
