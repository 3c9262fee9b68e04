;; expect: uses table.init
;; table.init is refused by nitro's depth checker and meter.
(module
  (memory (export "memory") 1 1)
  (table 1 funcref) (func $f) (elem $e func $f)
  (func (export "user_entrypoint") (param i32) (result i32)
    (table.init $e (i32.const 0) (i32.const 0) (i32.const 1))
    (i32.const 0)))
