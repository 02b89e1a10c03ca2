/**
 * The input relations the BPF front end emits (the contract with rules/prelude.dl, which
 * declares the same relations with the same column names; a test checks they agree).
 * Every column is a `number`. Meaning of each relation: docs/facts.md and prelude.dl.
 */

/** Relation name -> column names, in emission order. */
export const FACT_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  insn: ['I', 'Class', 'Op', 'Mode', 'Size', 'Src', 'Dst', 'Off', 'Imm'],
  code: ['I', 'Code'],
  ldimm64: ['I'],
  succ: ['I', 'J', 'Order'],
  exit: ['I'],
  subprog: ['S', 'Start', 'End'],
  insn_subprog: ['I', 'S'],
  global: ['S'],
  postorder: ['S', 'Pos', 'I'],
  scc: ['I', 'Id'],
  call_pseudo: ['I', 'CalleeStart'],
  call_helper: ['I', 'Id'],
  call_kfunc: ['I', 'Id'],
  calls_callback: ['I'],
  callback_of: ['I', 'CallbackStart', 'CtxReg', 'CalleeCtxReg'],
  call_graph: ['Caller', 'Callee'],
  subprog_topo: ['Pos', 'S'],
  const_scalar: ['I', 'R', 'V'],
  const_map: ['I', 'R', 'MapIdx'],
  const_subprog: ['I', 'R', 'Start'],
  helper_arg_bytes: ['I', 'ArgIdx', 'N'],
  kfunc_arg_bytes: ['I', 'ArgIdx', 'N'],
  num_params: ['I', 'K'],
  map: ['MapIdx', 'Type', 'KeySize', 'ValueSize', 'MaxEntries'],
  reg_use: ['I', 'R'],
  reg_def: ['I', 'R'],
  reg_use_mask: ['I', 'Regs'],
  reg_def_mask: ['I', 'Regs'],
};

/** Names of all fact relations, in schema order. */
export const FACT_RELATIONS: readonly string[] = Object.keys(FACT_SCHEMA);
