;; expect: without the vm_hooks.pay_for_memory_grow import
;; A memory that can grow needs the pay_for_memory_grow import, through which growth is paid.
(module
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
