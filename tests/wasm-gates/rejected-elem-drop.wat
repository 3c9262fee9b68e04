;; expect: uses elem.drop
;; elem.drop is refused by nitro's depth checker and meter.
(module
  (memory (export "memory") 1 1)
  (table 1 funcref) (func $f) (elem $e func $f)
  (func (export "user_entrypoint") (param i32) (result i32)
    (elem.drop $e)
    (i32.const 0)))
