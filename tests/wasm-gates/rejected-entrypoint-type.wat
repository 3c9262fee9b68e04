;; expect: user_entrypoint is not of type
;; user_entrypoint must be (i32) -> i32.
(module
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i64) (result i32) (i32.const 0)))
