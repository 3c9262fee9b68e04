;; expect: float instruction
;; Float arithmetic fails Stylus activation: user programs have no float implementation.
(module
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (drop (f64.add (f64.const 1) (f64.const 2)))
    (i32.const 0)))
