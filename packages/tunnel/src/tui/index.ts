export { renderPlain } from './render-plain.ts';
export { renderTui } from './render-tui.ts';
export type { TuiHandle, TuiOptions } from './render-tui.ts';
export type { TuiIo } from '../tui-io.ts';
