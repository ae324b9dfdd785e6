export { curlFor, shellQuote, TOKEN_PLACEHOLDER } from './curl.ts';
export { detailPane, type DetailOptions } from './detail.ts';
export { lineDiff, type DiffLine } from './diff.ts';
export { prettyBody, prettyJson } from './format.ts';
export { harOf } from './har.ts';
export { detailHref, INSPECT_SCRIPT_PATH, inspectPage, type InspectPageOptions } from './page.ts';
export {
  filterOf,
  queryOf,
  querySearch,
  rowOf,
  type InspectQuery,
  type InspectRow,
} from './row.ts';
export { INSPECT_SCRIPT } from './script.ts';
