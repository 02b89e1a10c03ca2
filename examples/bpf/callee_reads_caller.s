; A main function that passes pointers into its own stack to a subprogram.
; `npm run example` runs `bpfdl live` on it: the callee instance (d1,cs6) reads fp0-16 through
; its argument, so the call line shows `use: fp0-16`; fp-8 is written before the call and read
; after it, so it stays live across the call; fp-24 is written but never read (dead).
.type socket_filter
  r1 = 7
  *(u64 *)(r10 -8) = r1
  *(u64 *)(r10 -16) = r1
  *(u64 *)(r10 -24) = r1
  r1 = r10
  r1 += -16
  call read_arg
  r1 = *(u64 *)(r10 -8)
  r0 += r1
  exit
.subprog read_arg
  r0 = *(u64 *)(r1 +0)
  r2 = r1
  r2 += 8
  *(u32 *)(r2 -4) = r0
  exit
