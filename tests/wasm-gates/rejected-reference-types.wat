;; expect: WASM feature nitro rejects
;; Reference types (here an externref local) are disabled in nitro's validator.
(module
  (memory (export "memory") 1 1)

  (func (export "user_entrypoint") (param i32) (result i32)
    (local externref)
    (i32.const 0)))
