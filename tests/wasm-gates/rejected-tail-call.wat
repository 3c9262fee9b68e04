;; expect: WASM feature nitro rejects
;; Tail calls are disabled in nitro's validator.
(module
  (memory (export "memory") 1 1)
  (func $g (result i32) (return_call $h)) (func $h (result i32) (i32.const 0))
  (func (export "user_entrypoint") (param i32) (result i32)
    (drop (call $g))
    (i32.const 0)))
