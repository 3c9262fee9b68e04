;; expect: WASM feature nitro rejects
;; table.fill needs reference types, which nitro's validator disables.
(module
  (memory (export "memory") 1 1)
  (table 1 funcref)
  (func (export "user_entrypoint") (param i32) (result i32)
    (table.fill 0 (i32.const 0) (ref.null func) (i32.const 1))
    (i32.const 0)))
