;; expect: WASM feature nitro rejects
;; A block with a function type (multi-value) is rejected from Stylus version 3 (ArbOS 59+).
(module
  (memory (export "memory") 1 1)
  (type $t (func (param i32) (result i32)))
  (func (export "user_entrypoint") (param i32) (result i32)
    local.get 0
    block (type $t) (param i32) (result i32)
    end
    drop
    (i32.const 0)))
