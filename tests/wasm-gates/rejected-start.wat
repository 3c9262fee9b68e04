;; expect: start function
;; Start functions are rejected.
(module
  (memory (export "memory") 1 1)
  (func $init)
  (start $init)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
