;; expect: WASM feature nitro rejects
;; Threads (shared memory, atomics) are disabled in nitro's validator.
(module
  (memory (export "memory") 1 1 shared)
  (func (export "user_entrypoint") (param i32) (result i32)
    (i32.atomic.load (i32.const 0))))
