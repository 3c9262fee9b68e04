;; expect: uses data.drop
;; data.drop is refused by nitro's depth checker and meter.
(module
  (memory (export "memory") 1 1)
  (data $d "ballast")
  (func (export "user_entrypoint") (param i32) (result i32)
    (data.drop $d)
    (i32.const 0)))
