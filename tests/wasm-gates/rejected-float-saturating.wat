;; expect: float instruction
;; Saturating float-to-int passes nitro's validator but is a float operation, so activation fails.
(module
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param i32) (result i32)
    (i32.trunc_sat_f64_s (f64.reinterpret_i64 (i64.extend_i32_u (local.get 0))))))
