;; expect: no user_entrypoint
;; No user_entrypoint export.
(module
  (memory (export "memory") 1 1)
  (func (export "main") (param i32) (result i32) (i32.const 0)))
