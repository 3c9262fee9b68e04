;; Bulk memory is outside the MVP feature set the build targets.
(module
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 8))
    (i32.const 0)))
