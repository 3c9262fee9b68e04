;; expect: not a vm_hooks host function
;; Only vm_hooks may be imported.
(module
  (import "env" "abort" (func (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
