;; expect: only function imports
;; Only function imports are allowed.
(module
  (import "vm_hooks" "memory" (memory 1 1))
  (export "memory" (memory 0))
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
