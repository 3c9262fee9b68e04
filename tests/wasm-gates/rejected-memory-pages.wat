;; expect: page limit 128
;; A memory may start with at most PageLimit (128) pages, 8 MiB.
(module
  (memory (export "memory") 129 129)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
