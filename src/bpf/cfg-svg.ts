/**
 * SVG rendering of a CFG without a system Graphviz: the DOT text of cfg-print.ts is laid out
 * by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz, loaded once, lazily).
 */
import type { Cfg } from './cfg.js';
import { cfgToDot, type InsnShow } from './cfg-print.js';

type Renderer = { dot(src: string, format?: 'svg'): string };
let renderer: Promise<Renderer> | undefined;

/**
 * Renders DOT text to SVG.
 *
 * @example
 * await dotToSvg('digraph { a -> b }') // '<?xml ...<svg ...'
 */
export async function dotToSvg(dot: string): Promise<string> {
  renderer ??= import('@hpcc-js/wasm-graphviz').then(m => m.Graphviz.load());
  return (await renderer).dot(dot, 'svg');
}

/**
 * Renders the CFG to SVG.
 *
 * @example
 * fs.writeFileSync('cfg.svg', await cfgToSvg(cfg))
 */
export async function cfgToSvg(cfg: Cfg, show?: InsnShow): Promise<string> {
  return dotToSvg(cfgToDot(cfg, show));
}
