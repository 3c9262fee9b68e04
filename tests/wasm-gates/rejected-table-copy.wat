;; expect: uses table.copy
;; table.copy is refused by nitro's depth checker and meter.
(module
  (memory (export "memory") 1 1)
  (table 2 funcref)
  (func (export "user_entrypoint") (param i32) (result i32)
    (table.copy (i32.const 0) (i32.const 1) (i32.const 1))
    (i32.const 0)))
