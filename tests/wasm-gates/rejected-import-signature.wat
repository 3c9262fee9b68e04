;; expect: vm_hooks.read_args with the wrong type
;; A vm_hooks import must have the host function's exact type.
(module
  (import "vm_hooks" "read_args" (func (param i64)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
