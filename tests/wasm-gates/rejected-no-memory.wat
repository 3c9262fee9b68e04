;; expect: no memory export
;; No memory export.
(module
  (memory 1 1)
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
