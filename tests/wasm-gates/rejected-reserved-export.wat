;; expect: exports reserved symbol stylus_start
;; Names starting with `stylus` are reserved for nitro's instrumentation.
(module
  (memory (export "memory") 1 1)
  (func (export "stylus_start"))
  (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))
