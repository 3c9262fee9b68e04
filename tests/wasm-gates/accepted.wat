;; expect: pass
;; A minimal module Stylus accepts: vm_hooks imports, user_entrypoint and memory exports.
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "pay_for_memory_grow" (func $grow (param i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $grow (i32.const 0))
    (call $read_args (i32.const 0))
    (i32.const 0)))
