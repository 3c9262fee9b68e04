;; expect: float instruction
;; f32.const and f32.store pass activation but cost u64::MAX ink: any block using them runs out of ink.
(module
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (f32.store (i32.const 0) (f32.const 1))
    (i32.const 0)))
