//! Checking a Stylus program's wasm like nitro's activation (§2, `parse_user`) and instrumenting it
//! (§5.3) so that it meters itself exactly as nitro's middlewares do: a per-basic-block pre-charge,
//! per-byte charges before `memory.fill`/`memory.copy`, a stack-depth budget, and a
//! `pay_for_memory_grow` call before every `memory.grow` of a growable memory. Getting the wasm out
//! of on-chain code is [`super::code`]'s job.

use wasm_encoder::{
    reencode::{Reencode, RoundtripReencoder},
    BlockType, CodeSection, ConstExpr, Encode, ExportKind, ExportSection, Function, GlobalSection,
    GlobalType, Instruction, Module, RawSection, ValType as EncValType,
};
use wasmparser::{
    FuncValidatorAllocations, Operator, Parser, Payload, TypeRef, ValType, Validator, WasmFeatures,
};

use super::{hostios, pricing};
use crate::error::ProgramError;

/// Export name of the injected ink counter (i64).
pub const INK_LEFT_GLOBAL: &str = "stylus_ink_left";
/// Export name of the injected ink status flag (i32, 1 = exhausted).
pub const INK_STATUS_GLOBAL: &str = "stylus_ink_status";
/// Export name of the injected stack budget (i32).
pub const STACK_LEFT_GLOBAL: &str = "stylus_stack_left";
/// Name of the entrypoint export.
pub const ENTRYPOINT: &str = "user_entrypoint";

/// Globals nitro injects (ink left, ink status, scratch, stack left): counted in `cached_init_cost`
/// and in the globals limit.
const INJECTED_GLOBALS_COUNTED: u64 = 4;

/// Operators nitro's meter inserts before each basic block (the ink check and charge).
const METER_HEADER_OPS: u64 = 12;
/// Operators nitro's dynamic meter inserts before each `memory.fill`/`memory.copy`.
const DYNAMIC_METER_OPS: u64 = 17;
/// Operators nitro's depth checker adds to every function: the entry check (12), an extra `return`
/// before the final `end` and its reclaim (4 + 1).
const DEPTH_FUNCTION_OPS: u64 = 17;
/// Operators the depth checker inserts before each `return` (reclaiming the frame).
const DEPTH_RETURN_OPS: u64 = 4;
/// Operators the heap bound inserts before each `memory.grow` of a growable memory.
const HEAP_GROW_OPS: u64 = 4;
/// Longest module name (from the `name` section) nitro accepts. Its export-name bound applies after
/// the exports outside the whitelist are dropped, so it never bites.
const MAX_NAME_LEN: usize = 512;

/// Facts about a validated program that activation stores and calls pay for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgramInfo {
    /// Initial memory pages.
    pub footprint: u16,
    /// Init cost (gas units before scaling), stored at activation.
    pub init_cost: u16,
    /// Cached init cost, stored at activation.
    pub cached_init_cost: u16,
    /// Estimated native code size in bytes (drives the data fee).
    pub asm_estimate_bytes: u64,
    /// Gas charged by activation for this module (fixed part included).
    pub activation_gas: u64,
    /// Decompressed wasm length.
    pub wasm_len: usize,
}

/// A decompressed, validated and instrumented program.
#[derive(Debug, Clone)]
pub struct InstrumentedProgram {
    /// The rewritten wasm binary.
    pub wasm: Vec<u8>,
    /// Costs and sizes.
    pub info: ProgramInfo,
}

/// Activation error with `message`.
fn invalid(message: impl Into<String>) -> ProgramError {
    ProgramError::Invalid(message.into())
}

/// Maps a wasmparser error (malformed or invalid module) to an activation error.
fn parse_error(e: wasmparser::BinaryReaderError) -> ProgramError {
    invalid(e.to_string())
}

/// Which operators end a basic block (nitro `ends_basic_block`).
fn ends_basic_block(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::End
            | Operator::Else
            | Operator::Return
            | Operator::Loop { .. }
            | Operator::Br { .. }
            | Operator::BrIf { .. }
            | Operator::BrTable { .. }
            | Operator::If { .. }
            | Operator::Call { .. }
            | Operator::CallIndirect { .. }
    )
}

/// Parses, checks and instruments `wasm` (already decompressed).
pub fn instrument(wasm: &[u8]) -> Result<InstrumentedProgram, ProgramError> {
    // Stylus version 3 validates without multi-value (nitro `parse_with_stylus_version`).
    let features = WasmFeatures::WASM1
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::BULK_MEMORY;
    let mut validator = Validator::new_with_features(features);
    let mut allocs = FuncValidatorAllocations::default();

    // Module facts gathered while parsing.
    let mut func_types: Vec<(Vec<ValType>, Vec<ValType>)> = Vec::new();
    let mut imported_funcs: u32 = 0;
    let mut pay_for_memory_grow: Option<u32> = None;
    let mut local_func_types: Vec<u32> = Vec::new();
    let mut memory: Option<(u64, Option<u64>)> = None;
    let mut global_count: u32 = 0;
    let mut globals = GlobalSection::new();
    let mut exports = ExportSection::new();
    let mut entrypoint_ok = false;
    let mut memory_exported = false;
    let mut code = CodeSection::new();
    // Encoded sizes of the data and element segments (nitro sums `range.len()`), and data bytes.
    let mut data_segments_len: u64 = 0;
    let mut data_bytes: u64 = 0;
    let mut elements_len: u64 = 0;
    // Operators after instrumentation, as nitro counts them for its limit and activation gas.
    let mut total_ops: u64 = 0;
    let mut func_index: u32 = 0;
    // Output: (section id, bytes) in original order; placeholders are filled at the end.
    enum Out {
        Raw(u8, Vec<u8>),
        Globals,
        Exports,
        Code,
    }
    let mut out: Vec<Out> = Vec::new();
    let mut saw_globals = false;

    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(parse_error)?;
        let valid = validator.payload(&payload).map_err(parse_error)?;
        match &payload {
            Payload::Version { .. } | Payload::End(_) => {}
            Payload::TypeSection(reader) => {
                for group in reader.clone() {
                    for sub in group.map_err(parse_error)?.into_types() {
                        let func = sub.unwrap_func().clone();
                        func_types.push((func.params().to_vec(), func.results().to_vec()));
                    }
                }
                out.push(Out::Raw(1, wasm[reader.range()].to_vec()));
            }
            Payload::ImportSection(reader) => {
                let mut seen = std::collections::HashMap::new();
                for import in reader.clone().into_imports() {
                    let import = import.map_err(parse_error)?;
                    let TypeRef::Func(type_index) = import.ty else {
                        return Err(invalid(format!("import {} is not a function", import.name)));
                    };
                    if import.module != hostios::HOST_MODULE {
                        return Err(invalid(format!(
                            "import from unknown module {}",
                            import.module
                        )));
                    }
                    if import.name.starts_with("stylus") {
                        return Err(invalid(format!(
                            "import {} uses a reserved name",
                            import.name
                        )));
                    }
                    let (params, results) = hostios::signature(import.name)
                        .ok_or_else(|| invalid(format!("unknown host import {}", import.name)))?;
                    let actual = &func_types[type_index as usize];
                    if actual.0 != params || actual.1 != results {
                        return Err(invalid(format!(
                            "host import {} has the wrong signature",
                            import.name
                        )));
                    }
                    if seen
                        .insert(import.name, type_index)
                        .is_some_and(|t| t != type_index)
                    {
                        return Err(invalid(format!(
                            "host import {} imported twice",
                            import.name
                        )));
                    }
                    if import.name == "pay_for_memory_grow" {
                        pay_for_memory_grow = Some(imported_funcs);
                    }
                    imported_funcs += 1;
                }
                if imported_funcs > 513 {
                    return Err(invalid("more than 513 imports"));
                }
                out.push(Out::Raw(2, wasm[reader.range()].to_vec()));
            }
            Payload::FunctionSection(reader) => {
                for ty in reader.clone() {
                    local_func_types.push(ty.map_err(parse_error)?);
                }
                if local_func_types.len() > 4096 {
                    return Err(invalid("more than 4096 functions"));
                }
                out.push(Out::Raw(3, wasm[reader.range()].to_vec()));
            }
            Payload::TableSection(reader) => {
                let mut entries: u64 = 0;
                for table in reader.clone() {
                    entries = entries.saturating_add(table.map_err(parse_error)?.ty.initial);
                }
                if entries > 4096 {
                    return Err(invalid("more than 4096 table entries"));
                }
                out.push(Out::Raw(4, wasm[reader.range()].to_vec()));
            }
            Payload::MemorySection(reader) => {
                for mem in reader.clone() {
                    let mem = mem.map_err(parse_error)?;
                    if mem.memory64 || memory.is_some() {
                        return Err(invalid("exactly one 32-bit memory is allowed"));
                    }
                    memory = Some((mem.initial, mem.maximum));
                }
                out.push(Out::Raw(5, wasm[reader.range()].to_vec()));
            }
            Payload::GlobalSection(reader) => {
                global_count = reader.count();
                if u64::from(global_count) + INJECTED_GLOBALS_COUNTED > 32_768 {
                    return Err(invalid("more than 32768 globals"));
                }
                RoundtripReencoder
                    .parse_global_section(&mut globals, reader.clone())
                    .map_err(|e| invalid(e.to_string()))?;
                out.push(Out::Globals);
                saw_globals = true;
            }
            Payload::ExportSection(reader) => {
                for export in reader.clone() {
                    let export = export.map_err(parse_error)?;
                    let last = export.name.rsplit("__").next().unwrap_or(export.name);
                    if last.starts_with("stylus") {
                        return Err(invalid(format!(
                            "export {} uses a reserved name",
                            export.name
                        )));
                    }
                    match (export.name, export.kind) {
                        (ENTRYPOINT, wasmparser::ExternalKind::Func) => {
                            let ty = function_type(
                                export.index,
                                imported_funcs,
                                &local_func_types,
                                &func_types,
                            )?;
                            if ty.0 != [ValType::I32] || ty.1 != [ValType::I32] {
                                return Err(invalid("user_entrypoint must have type (i32) -> i32"));
                            }
                            exports.export(ENTRYPOINT, ExportKind::Func, export.index);
                            entrypoint_ok = true;
                        }
                        ("memory", wasmparser::ExternalKind::Memory) if export.index == 0 => {
                            exports.export("memory", ExportKind::Memory, 0);
                            memory_exported = true;
                        }
                        // Other exports are dropped, as nitro does outside debug mode.
                        _ => {}
                    }
                }
                if !saw_globals {
                    out.push(Out::Globals);
                    saw_globals = true;
                }
                out.push(Out::Exports);
            }
            Payload::StartSection { .. } => return Err(invalid("start functions not allowed")),
            Payload::ElementSection(reader) => {
                if reader.count() > 128 {
                    return Err(invalid("more than 128 element segments"));
                }
                // Nitro bounds the encoded size of the segments (it sums their byte ranges).
                for element in reader.clone() {
                    elements_len += element.map_err(parse_error)?.range.len() as u64;
                }
                if elements_len > 4096 {
                    return Err(invalid("more than 4096 element entries"));
                }
                out.push(Out::Raw(9, wasm[reader.range()].to_vec()));
            }
            Payload::DataCountSection { range, .. } => {
                out.push(Out::Raw(12, wasm[range.clone()].to_vec()))
            }
            Payload::DataSection(reader) => {
                if reader.count() > 128 {
                    return Err(invalid("more than 128 data segments"));
                }
                for data in reader.clone() {
                    let data = data.map_err(parse_error)?;
                    data_bytes += data.data.len() as u64;
                    data_segments_len += data.range.len() as u64;
                }
                out.push(Out::Raw(11, wasm[reader.range()].to_vec()));
            }
            Payload::CodeSectionStart { .. } => out.push(Out::Code),
            Payload::CodeSectionEntry(body) => {
                let wasmparser::ValidPayload::Func(to_validate, _) = valid else {
                    return Err(invalid("unexpected code entry"));
                };
                let type_index = local_func_types[func_index as usize];
                func_index += 1;
                let mut func_validator = to_validate.into_validator(std::mem::take(&mut allocs));
                let globals_base = global_count;
                // The heap bound only hooks `memory.grow` of a growable memory.
                let growable = memory.is_some_and(|(initial, maximum)| maximum != Some(initial));
                let rewritten = instrument_body(
                    body,
                    &mut func_validator,
                    &func_types,
                    &func_types[type_index as usize],
                    globals_base,
                    pay_for_memory_grow.filter(|_| growable),
                    &mut total_ops,
                )?;
                code.function(&rewritten);
                allocs = func_validator.into_allocations();
            }
            Payload::CustomSection(reader) => check_module_name(reader)?,
            other => {
                return Err(invalid(format!(
                    "unsupported section {:?}",
                    other.as_section()
                )));
            }
        }
    }

    let (initial, maximum) = memory.ok_or_else(|| invalid("module has no memory"))?;
    if !entrypoint_ok {
        return Err(invalid("missing export user_entrypoint"));
    }
    if !memory_exported {
        return Err(invalid("missing export memory"));
    }
    if initial > u64::from(pricing::PAGE_LIMIT) {
        return Err(invalid(format!(
            "initial memory of {initial} pages exceeds the page limit"
        )));
    }
    if maximum != Some(initial) && pay_for_memory_grow.is_none() {
        return Err(invalid("missing import pay_for_memory_grow"));
    }

    // Injected globals (indices follow the module's own globals; there are no global imports).
    let ink_index = global_count;
    globals.global(
        GlobalType {
            val_type: EncValType::I64,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i64_const(0),
    );
    globals.global(
        GlobalType {
            val_type: EncValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(0),
    );
    globals.global(
        GlobalType {
            val_type: EncValType::I32,
            mutable: true,
            shared: false,
        },
        &ConstExpr::i32_const(0),
    );
    exports.export(INK_LEFT_GLOBAL, ExportKind::Global, ink_index);
    exports.export(INK_STATUS_GLOBAL, ExportKind::Global, ink_index + 1);
    exports.export(STACK_LEFT_GLOBAL, ExportKind::Global, ink_index + 2);

    let mut module = Module::new();
    for section in out {
        match section {
            Out::Raw(id, data) => {
                module.section(&RawSection { id, data: &data });
            }
            Out::Globals => {
                module.section(&globals);
            }
            Out::Exports => {
                module.section(&exports);
            }
            Out::Code => {
                module.section(&code);
            }
        }
    }

    let data_len = data_segments_len + elements_len;
    let funcs = local_func_types.len() as u64;
    let type_len: u64 = local_func_types
        .iter()
        .map(|t| (func_types[*t as usize].0.len() + func_types[*t as usize].1.len()) as u64)
        .sum();
    let wasm_len = wasm.len() as u64;
    let all_globals = u64::from(global_count) + INJECTED_GLOBALS_COUNTED;
    let cached = funcs * 13_420 / 100_000
        + type_len * 89 / 100_000
        + wasm_len * 122 / 100_000
        + all_globals * 1_628 / 1_000
        + data_len * 75_244 / 100_000
        + initial * 5;
    let init = funcs * 8_252 / 1_000 + type_len * 1_059 / 1_000 + wasm_len * 1_286 / 10_000;
    let init_cost = u16::try_from(init).map_err(|_| invalid("init cost too high"))?;
    let cached_init_cost = u16::try_from(cached).map_err(|_| invalid("init cost too high"))?;
    let asm_estimate_bytes =
        512_000 + funcs * 996_829 / 1_000 + type_len * 11_416 / 1_000 + wasm_len * 62_628 / 10_000;
    let micros = wasm_len * 31_733 / 100_000
        + funcs * 17_263 / 100_000
        + data_bytes * 17_376 / 100_000
        + elements_len * 17_376 / 100_000
        + initial * 2_217
        + total_ops * 535 / 1_000;
    Ok(InstrumentedProgram {
        wasm: module.finish(),
        info: ProgramInfo {
            footprint: initial as u16,
            init_cost,
            cached_init_cost,
            asm_estimate_bytes,
            activation_gas: pricing::ACTIVATION_FIXED_GAS + micros * 28,
            wasm_len: wasm.len(),
        },
    })
}

/// Rejects a `name` section whose module name is longer than nitro accepts; other custom sections
/// are ignored.
fn check_module_name(reader: &wasmparser::CustomSectionReader<'_>) -> Result<(), ProgramError> {
    if reader.name() != "name" {
        return Ok(());
    }
    let names = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
        reader.data(),
        reader.data_offset(),
    ));
    for name in names {
        if let wasmparser::Name::Module { name, .. } = name.map_err(parse_error)? {
            if name.len() > MAX_NAME_LEN {
                return Err(invalid(format!(
                    "wasm module name longer than {MAX_NAME_LEN}"
                )));
            }
        }
    }
    Ok(())
}

/// Type of function `index` (imports first, then local functions); imports cannot be the entrypoint.
fn function_type<'a>(
    index: u32,
    imported: u32,
    local_types: &[u32],
    types: &'a [(Vec<ValType>, Vec<ValType>)],
) -> Result<&'a (Vec<ValType>, Vec<ValType>), ProgramError> {
    let local = index
        .checked_sub(imported)
        .ok_or_else(|| invalid("user_entrypoint must not be an import"))?;
    let ty = local_types
        .get(local as usize)
        .ok_or_else(|| invalid("export of unknown function"))?;
    Ok(&types[*ty as usize])
}

/// Operators of a function body once nitro's middlewares have run, which is what its per-function
/// limit and the activation charge count: the body, the meter's header before each basic block,
/// the dynamic meter before each `memory.fill`/`memory.copy`, the depth checker's entry check,
/// extra `return` and reclaims, and the heap bound's call before each hooked `memory.grow`.
fn instrumented_op_count(ops: &[Operator<'_>], grow_hooked: bool) -> u64 {
    let mut count = ops.len() as u64 + DEPTH_FUNCTION_OPS;
    for op in ops {
        if ends_basic_block(op) {
            count += METER_HEADER_OPS;
        }
        count += match op {
            Operator::MemoryFill { .. } | Operator::MemoryCopy { .. } => DYNAMIC_METER_OPS,
            Operator::Return => DEPTH_RETURN_OPS,
            Operator::MemoryGrow { .. } if grow_hooked => HEAP_GROW_OPS,
            _ => 0,
        };
    }
    count
}

/// Emits the ink check and charge of `cost` (nitro's block header).
fn charge(out: &mut Function, ink: u32, status: u32, cost: u64) {
    out.instruction(&Instruction::GlobalGet(ink));
    out.instruction(&Instruction::I64Const(cost as i64));
    out.instruction(&Instruction::I64LtU);
    out.instruction(&Instruction::If(BlockType::Empty));
    out.instruction(&Instruction::I32Const(1));
    out.instruction(&Instruction::GlobalSet(status));
    out.instruction(&Instruction::Unreachable);
    out.instruction(&Instruction::End);
    out.instruction(&Instruction::GlobalGet(ink));
    out.instruction(&Instruction::I64Const(cost as i64));
    out.instruction(&Instruction::I64Sub);
    out.instruction(&Instruction::GlobalSet(ink));
}

/// Rewrites one function body with metering, the depth check and the memory-grow hook.
#[allow(clippy::too_many_arguments)]
fn instrument_body(
    body: &wasmparser::FunctionBody<'_>,
    validator: &mut wasmparser::FuncValidator<wasmparser::ValidatorResources>,
    types: &[(Vec<ValType>, Vec<ValType>)],
    own_type: &(Vec<ValType>, Vec<ValType>),
    globals_base: u32,
    pay_for_memory_grow: Option<u32>,
    total_ops: &mut u64,
) -> Result<Function, ProgramError> {
    let (ink, status, stack) = (globals_base, globals_base + 1, globals_base + 2);
    let type_params: Vec<u32> = types.iter().map(|t| t.0.len() as u32).collect();

    let mut locals = Vec::new();
    let mut declared: u32 = 0;
    for local in body.get_locals_reader().map_err(parse_error)? {
        let (count, ty) = local.map_err(parse_error)?;
        validator
            .define_locals(body.range().start, count, ty)
            .map_err(parse_error)?;
        declared = declared.saturating_add(count);
        locals.push((
            count,
            RoundtripReencoder
                .val_type(ty)
                .map_err(|e| invalid(e.to_string()))?,
        ));
    }
    // Nitro bounds the declared locals (parameters excluded).
    if declared > 348 {
        return Err(invalid("more than 348 locals in a function"));
    }
    let local_count = own_type.0.len() as u32 + declared;
    let scratch32 = local_count;
    let scratch64 = local_count + 1;
    locals.push((1, EncValType::I32));
    locals.push((1, EncValType::I64));

    // First pass: validate, collect operators, find the worst-case operand stack height.
    let mut ops = Vec::new();
    let mut max_height: u32 = 0;
    let mut reader = body.get_operators_reader().map_err(parse_error)?;
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset().map_err(parse_error)?;
        validator.op(offset, &op).map_err(parse_error)?;
        max_height = max_height.max(validator.operand_stack_height());
        ops.push(op);
    }
    let instrumented_ops = instrumented_op_count(&ops, pay_for_memory_grow.is_some());
    if instrumented_ops > 65_536 {
        return Err(invalid("more than 65536 operators in a function"));
    }
    if max_height > 4_096 {
        return Err(invalid("operand stack deeper than 4096 values"));
    }
    *total_ops += instrumented_ops;
    let frame = max_height + local_count + 4;
    if frame > 10_240 {
        return Err(invalid("function frame exceeds 10240 words"));
    }

    let mut out = Function::new(locals);
    // Depth check on entry (nitro DepthChecker): trap with stack_left = 0 when the budget is short.
    out.instruction(&Instruction::GlobalGet(stack));
    out.instruction(&Instruction::I32Const(frame as i32));
    out.instruction(&Instruction::I32LeU);
    out.instruction(&Instruction::If(BlockType::Empty));
    out.instruction(&Instruction::I32Const(0));
    out.instruction(&Instruction::GlobalSet(stack));
    out.instruction(&Instruction::Unreachable);
    out.instruction(&Instruction::End);
    out.instruction(&Instruction::GlobalGet(stack));
    out.instruction(&Instruction::I32Const(frame as i32));
    out.instruction(&Instruction::I32Sub);
    out.instruction(&Instruction::GlobalSet(stack));
    let credit = |out: &mut Function| {
        out.instruction(&Instruction::GlobalGet(stack));
        out.instruction(&Instruction::I32Const(frame as i32));
        out.instruction(&Instruction::I32Add);
        out.instruction(&Instruction::GlobalSet(stack));
    };
    // The body runs inside a block so branches to the function label still pass the credit.
    let result_block = match own_type.1.first() {
        None => BlockType::Empty,
        Some(ty) => BlockType::Result(
            RoundtripReencoder
                .val_type(*ty)
                .map_err(|e| invalid(e.to_string()))?,
        ),
    };
    out.instruction(&Instruction::Block(result_block));

    let mut pending: Vec<u8> = Vec::new();
    let emit = |pending: &mut Vec<u8>, instruction: &Instruction<'_>| instruction.encode(pending);
    let mut block_cost: u64 = 0;
    let mut depth: u32 = 0;
    let last = ops.len().saturating_sub(1);
    for (i, op) in ops.iter().enumerate() {
        block_cost = block_cost.saturating_add(pricing::op_ink(op, &type_params)?);
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => depth += 1,
            Operator::End if depth > 0 => depth -= 1,
            _ => {}
        }
        let encoded = RoundtripReencoder
            .instruction(op.clone())
            .map_err(|e| invalid(e.to_string()))?;
        match op {
            Operator::MemoryFill { .. } | Operator::MemoryCopy { .. } => {
                for instruction in dynamic_charge(ink, status, scratch32, scratch64) {
                    emit(&mut pending, &instruction);
                }
                emit(&mut pending, &encoded);
            }
            Operator::MemoryGrow { .. } => {
                if let Some(pay) = pay_for_memory_grow {
                    for instruction in [
                        Instruction::LocalSet(scratch32),
                        Instruction::LocalGet(scratch32),
                        Instruction::Call(pay),
                        Instruction::LocalGet(scratch32),
                    ] {
                        emit(&mut pending, &instruction);
                    }
                }
                emit(&mut pending, &encoded);
            }
            Operator::Return => {
                for instruction in [
                    Instruction::GlobalGet(stack),
                    Instruction::I32Const(frame as i32),
                    Instruction::I32Add,
                    Instruction::GlobalSet(stack),
                ] {
                    emit(&mut pending, &instruction);
                }
                emit(&mut pending, &encoded);
            }
            Operator::End if i == last => {
                // The function's own end closes the wrapper block; credit, then end the function.
                emit(&mut pending, &Instruction::End);
            }
            _ => emit(&mut pending, &encoded),
        }
        if ends_basic_block(op) {
            charge(
                &mut out,
                ink,
                status,
                block_cost.saturating_add(pricing::BLOCK_HEADER_INK),
            );
            out.raw(pending.drain(..));
            block_cost = 0;
        }
    }
    credit(&mut out);
    out.instruction(&Instruction::End);
    Ok(out)
}

/// Instructions charging `size × 100` ink before `memory.fill`/`memory.copy` (size is on the stack).
fn dynamic_charge(
    ink: u32,
    status: u32,
    scratch32: u32,
    scratch64: u32,
) -> [Instruction<'static>; 18] {
    [
        Instruction::LocalSet(scratch32),
        Instruction::GlobalGet(ink),
        Instruction::LocalGet(scratch32),
        Instruction::I64ExtendI32U,
        Instruction::I64Const(pricing::MEMORY_BYTE_INK as i64),
        Instruction::I64Mul,
        Instruction::LocalTee(scratch64),
        Instruction::I64LtU,
        Instruction::If(BlockType::Empty),
        Instruction::I32Const(1),
        Instruction::GlobalSet(status),
        Instruction::Unreachable,
        Instruction::End,
        Instruction::GlobalGet(ink),
        Instruction::LocalGet(scratch64),
        Instruction::I64Sub,
        Instruction::GlobalSet(ink),
        Instruction::LocalGet(scratch32),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(wat: &str) -> Result<InstrumentedProgram, ProgramError> {
        instrument(&wat::parse_str(wat).expect("should be valid wat"))
    }

    const ENTRY: &str = r#"(func (export "user_entrypoint") (param i32) (result i32) i32.const 0)"#;

    fn rejected(wat: &str, needle: &str) {
        match check(wat) {
            Err(ProgramError::Invalid(message)) => assert!(message.contains(needle), "{message}"),
            other => panic!("expected rejection containing {needle:?}, got {other:?}"),
        }
    }

    #[test]
    fn minimal_program_is_accepted_with_its_costs() {
        let program = check(&format!(
            r#"(module (memory (export "memory") 1 1) {ENTRY})"#
        ))
        .unwrap();
        assert_eq!(program.info.footprint, 1);
        assert!(program.info.activation_gas > pricing::ACTIVATION_FIXED_GAS);
        assert!(program.info.asm_estimate_bytes > 512_000);
        // The rewritten module still validates and exports the ink globals.
        let module = wasmparser::Validator::new().validate_all(&program.wasm);
        assert!(module.is_ok(), "{:?}", module.err());
        assert!(program
            .wasm
            .windows(INK_LEFT_GLOBAL.len())
            .any(|w| w == INK_LEFT_GLOBAL.as_bytes()));
    }

    #[test]
    fn float_arithmetic_is_rejected() {
        rejected(
            &format!(
                r#"(module (memory (export "memory") 1 1) {ENTRY}
                   (func (param f32) (result f32) local.get 0 local.get 0 f32.add))"#
            ),
            "floating point",
        );
    }

    #[test]
    fn unknown_or_mistyped_imports_are_rejected() {
        rejected(
            &format!(
                r#"(module (import "env" "f" (func)) (memory (export "memory") 1 1) {ENTRY})"#
            ),
            "unknown module",
        );
        rejected(
            &format!(
                r#"(module (import "vm_hooks" "nope" (func)) (memory (export "memory") 1 1) {ENTRY})"#
            ),
            "unknown host import",
        );
        rejected(
            &format!(
                r#"(module (import "vm_hooks" "read_args" (func (param i64))) (memory (export "memory") 1 1) {ENTRY})"#
            ),
            "wrong signature",
        );
    }

    #[test]
    fn growable_memory_needs_pay_for_memory_grow() {
        rejected(
            &format!(r#"(module (memory (export "memory") 1) {ENTRY})"#),
            "pay_for_memory_grow",
        );
    }

    #[test]
    fn missing_entrypoint_or_memory_export_is_rejected() {
        rejected(
            r#"(module (memory (export "memory") 1 1))"#,
            "user_entrypoint",
        );
        rejected(&format!(r#"(module (memory 1 1) {ENTRY})"#), "memory");
        rejected(
            r#"(module (memory (export "memory") 1 1) (func (export "user_entrypoint") (param i64) (result i32) i32.const 0))"#,
            "(i32) -> i32",
        );
    }

    #[test]
    fn oversized_initial_memory_is_rejected() {
        rejected(
            &format!(r#"(module (memory (export "memory") 129 129) {ENTRY})"#),
            "page limit",
        );
    }

    #[test]
    fn bulk_memory_copy_and_fill_are_accepted_and_hooked() {
        let program = check(&format!(
            r#"(module (memory (export "memory") 1 1) {ENTRY}
               (func (param i32 i32 i32)
                 local.get 0 local.get 1 local.get 2 memory.copy
                 local.get 0 local.get 1 local.get 2 memory.fill))"#
        ))
        .unwrap();
        let rewritten = wasmparser::Validator::new().validate_all(&program.wasm);
        assert!(rewritten.is_ok(), "{:?}", rewritten.err());
    }

    #[test]
    fn unsupported_features_fail_activation() {
        let passive = r#"(data $d "abc")"#;
        let cases = [
            // bulk memory beyond copy and fill
            (
                format!("{passive} (func i32.const 0 i32.const 0 i32.const 1 memory.init $d)"),
                "not supported",
            ),
            (format!("{passive} (func data.drop $d)"), "not supported"),
            (
                "(table 1 funcref) (func i32.const 0 i32.const 0 i32.const 0 table.copy)".into(),
                "not supported",
            ),
            // reference types
            ("(table 1 funcref) (func (result i32) table.size)".into(), "reference types"),
            ("(func (result funcref) ref.null func)".into(), "reference types"),
            // multi-value (Stylus version 3)
            ("(func (result i32 i32) i32.const 0 i32.const 1)".into(), "multi-value"),
            (
                "(type $t (func (param i32) (result i32))) (func (result i32) i32.const 1 block (type $t) end)"
                    .into(),
                "multi-value",
            ),
            // SIMD
            ("(func (result v128) v128.const i64x2 0 0)".into(), "SIMD"),
        ];
        for (body, needle) in cases {
            rejected(
                &format!(r#"(module (memory (export "memory") 1 1) {ENTRY} {body})"#),
                needle,
            );
        }
    }

    #[test]
    fn locals_bound_counts_declared_locals_only() {
        let with_locals = |n: u32| {
            format!(
                r#"(module (memory (export "memory") 1 1) {ENTRY}
                   (func (param i32 i64) (local {})))"#,
                "i32 ".repeat(n as usize)
            )
        };
        assert!(check(&with_locals(348)).is_ok());
        rejected(&with_locals(349), "348 locals");
    }

    #[test]
    fn instrumented_ops_follow_nitros_middlewares() {
        use Operator as O;
        let body = [
            O::LocalGet { local_index: 0 },
            O::MemoryGrow { mem: 0 },
            O::Drop,
            O::I32Const { value: 0 },
            O::I32Const { value: 0 },
            O::I32Const { value: 0 },
            O::MemoryFill { mem: 0 },
            O::Return,
            O::End,
        ];
        // 9 operators, 2 basic blocks (return, end), one fill, one return, one hooked grow.
        assert_eq!(
            instrumented_op_count(&body, true),
            9 + 17 + 2 * 12 + 17 + 4 + 4
        );
        assert_eq!(
            instrumented_op_count(&body, false),
            9 + 17 + 2 * 12 + 17 + 4
        );
    }

    #[test]
    fn activation_gas_and_costs_use_nitros_terms() {
        // One function (`i32.const 0; end`: 2 operators, 31 once instrumented), one page, and a
        // 1000-byte data segment encoded in 1006 bytes (flags, offset expression, length).
        let wat = format!(
            r#"(module (memory (export "memory") 1 1) {ENTRY} (data (i32.const 0) "{}"))"#,
            "a".repeat(1000)
        );
        let wasm = wat::parse_str(&wat).unwrap();
        let info = instrument(&wasm).unwrap().info;
        let len = wasm.len() as u64;
        let micros = len * 31_733 / 100_000 + 1_000 * 17_376 / 100_000 + 2_217 + 31 * 535 / 1_000;
        assert_eq!(
            info.activation_gas,
            pricing::ACTIVATION_FIXED_GAS + 28 * micros
        );
        let cached = len * 122 / 100_000 + 4 * 1_628 / 1_000 + 1_006 * 75_244 / 100_000 + 5;
        assert_eq!(u64::from(info.cached_init_cost), cached);
        assert_eq!(
            u64::from(info.init_cost),
            8 + 2 * 1_059 / 1_000 + len * 1_286 / 10_000
        );
    }

    #[test]
    fn long_module_names_are_rejected() {
        rejected(
            &format!(
                r#"(module ${} (memory (export "memory") 1 1) {ENTRY})"#,
                "m".repeat(513)
            ),
            "module name",
        );
        assert!(check(&format!(
            r#"(module ${} (memory (export "memory") 1 1) {ENTRY})"#,
            "m".repeat(512)
        ))
        .is_ok());
    }
}
