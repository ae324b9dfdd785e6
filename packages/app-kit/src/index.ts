export { MANIFEST_FILE, RESOURCE_MIME_TYPE, UI_EXTENSION_ID } from './constants.ts';
export type { WidgetSource } from './discovery.ts';
export { discoverWidgets } from './discovery.ts';
export type { WidgetHtmlParts } from './html.ts';
export { renderWidgetHtml } from './html.ts';
export type { WidgetManifest, WidgetManifestEntry } from './manifest.ts';
export { readManifest } from './manifest.ts';
export { assertWidgetId, widgetRootId, widgetUri } from './widget-id.ts';
export {
  clientCapabilitiesOf,
  clientSupportsUi,
  requestClientCapabilities,
  UI_SERVER_CAPABILITIES,
} from './negotiation.ts';
export type {
  AppToolContext,
  AppToolDefinition,
  RegisterAppToolsOptions,
  ToolVisibility,
} from './app-tool.ts';
export { defineAppTool, registerAppTools } from './app-tool.ts';
export type { UiCsp, UiCspInput } from './csp.ts';
export { buildCsp, mergeCsp } from './csp.ts';
export { inlineWidget } from './inline.ts';
export type {
  AssetMode,
  WidgetRegistry,
  WidgetRegistryOptions,
  WidgetResource,
} from './registry.ts';
export { createWidgetRegistry } from './registry.ts';
export type { HealthBody, HealthOptions } from './health.ts';
export { createHealthHandler } from './health.ts';
export {
  type IdentityAssertionVerifier,
  type IdentityAssertionVerifierOptions,
  type IdentityClaims,
  IDENTITY_ASSERTION_HEADER,
  createIdentityAssertionVerifier,
} from './identity-assertion.ts';
export { APP_KIT_ERRORS } from './errors.ts';
export type { AppKitErrorCode } from './errors.ts';
