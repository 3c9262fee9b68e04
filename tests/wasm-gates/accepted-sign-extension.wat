;; expect: pass
;; Sign-extension operators are enabled in nitro's validator (and priced at 100 ink).
(module
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (drop (i64.extend32_s (i64.extend_i32_u (local.get $len))))
    (i32.extend8_s (i32.const 0))))
