;; expect: WASM feature nitro rejects
;; table.grow needs reference types, which nitro's validator disables.
(module
  (memory (export "memory") 1 1)
  (table 1 funcref)
  (func (export "user_entrypoint") (param i32) (result i32)
    (drop (table.grow 0 (ref.null func) (i32.const 1)))
    (i32.const 0)))
