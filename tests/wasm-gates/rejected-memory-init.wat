;; expect: uses memory.init
;; memory.init (passive data segments) is refused by nitro's depth checker and meter.
(module
  (memory (export "memory") 1 1)
  (data $d "ballast")
  (func (export "user_entrypoint") (param i32) (result i32)
    (memory.init $d (i32.const 0) (i32.const 0) (i32.const 7))
    (i32.const 0)))
