;; expect: WASM feature nitro rejects
;; SIMD is disabled in nitro's validator.
(module
  (memory (export "memory") 1 1)

  (func (export "user_entrypoint") (param i32) (result i32)
    (drop (i32x4.extract_lane 0 (v128.const i32x4 0 0 0 0)))
    (i32.const 0)))
