/**
 * Layer rules of docs/architecture.md, checked by `npm run layers` (part of `npm test`).
 *
 *   base <- lang <- check <- plan <- eval        base <- bpf
 *   analysis -> eval, bpf, base                  verifier -> bpf, analysis, base
 *   pipeline -> everything above                 cli -> pipeline (+ base)   index -> pipeline + public types
 *
 * Every layer may import itself and anything it lists; nothing else. `bpf` never imports the
 * Datalog side.
 */
const layers = {
  base: [],
  lang: ['base'],
  check: ['base', 'lang'],
  plan: ['base', 'lang', 'check'],
  eval: ['base', 'lang', 'check', 'plan'],
  bpf: ['base'],
  analysis: ['base', 'lang', 'check', 'plan', 'eval', 'bpf'],
  verifier: ['base', 'bpf', 'analysis'],
};
const forbidden = Object.entries(layers).map(([layer, allowed]) => {
  const ok = [layer, ...allowed].join('|');
  return {
    name: `${layer}-inward-only`,
    comment: `src/${layer} may only import from: ${[layer, ...allowed].join(', ')}`,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: '^src/', pathNot: `^src/(${ok})/` },
  };
});
forbidden.push(
  {
    name: 'cli-through-pipeline',
    comment: 'src/cli talks to the engine only through src/pipeline.ts (and base)',
    severity: 'error',
    from: { path: '^src/cli/' },
    to: { path: '^src/', pathNot: '^src/(cli|base)/|^src/pipeline\\.ts$|^src/index\\.ts$' },
  },
  {
    name: 'nothing-imports-cli',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/cli/' },
    to: { path: '^src/cli/' },
  },
  {
    name: 'no-circular',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
);
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
