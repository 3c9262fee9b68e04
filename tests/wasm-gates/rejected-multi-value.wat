;; expect: WASM feature nitro rejects
;; Multi-value results are rejected from Stylus version 3 (ArbOS 59+).
(module
  (memory (export "memory") 1 1)
  (func $pair (result i32 i32) (i32.const 1) (i32.const 2))
  (func (export "user_entrypoint") (param i32) (result i32)
    (call $pair) (drop)))
