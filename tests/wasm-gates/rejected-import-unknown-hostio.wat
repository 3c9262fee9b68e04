;; expect: not a vm_hooks host function
;; Only the 42 vm_hooks host functions can be imported (console/debug only on debug chains).
(module
  (import "vm_hooks" "block_hash" (func (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
