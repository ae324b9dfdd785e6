export type { BeginCapture, EdgeCapture, ObservedCall } from './tap.ts';
export { beginCapture } from './tap.ts';
export type { Replayer, TrafficInspector, TrafficInspectorDeps } from './inspector.ts';
export { createTrafficInspector } from './inspector.ts';
export type { CallerIdentity, Recorded } from './recorder.ts';
export { isSecretKey, maskHeaders, maskJson, maskText } from './mask.ts';
export type { ReplayDeps } from './replay.ts';
export { createReplayer } from './replay.ts';
