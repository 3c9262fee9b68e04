;; expect: pass
;; memory.copy and memory.fill are the bulk-memory operators nitro accepts (priced per byte).
(module
  (import "vm_hooks" "pay_for_memory_grow" (func $grow (param i32)))
  (memory (export "memory") 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $grow (i32.const 0))
    (memory.fill (i32.const 0) (i32.const 7) (i32.const 64))
    (memory.copy (i32.const 64) (i32.const 0) (local.get $len))
    (i32.const 0)))
