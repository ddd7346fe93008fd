/**
 * A small WebAssembly binary writer: just the sections and instructions the Langevin and dense linear-algebra kernels use
 * (WebAssembly Core Specification 2.0, §5 "Binary Format", and the fixed-width SIMD proposal's
 * opcode table, merged into 2.0). Written by hand instead of loading a toolchain: a worker must
 * start light (docs/stack.md), the kernels need ~60 opcodes, and every module we write is checked
 * by the engine's own validator when it is compiled (and by `WebAssembly.validate` in the tests).
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F64 | typeof V128;

/** Opcodes of the core instruction set (§5.4). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f64Load: 0x2b,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Min: 0xa4,
  f64Max: 0xa5,
  i32TruncF64S: 0xaa,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
} as const;

/** SIMD opcodes, written after the 0xfd prefix as a LEB128 u32. */
export const SIMD = {
  load: 0x00,
  load64Splat: 0x0a,
  store: 0x0b,
  const: 0x0c,
  shuffle: 0x0d,
  i32x4Splat: 0x11,
  f64x2Splat: 0x14,
  i32x4ExtractLane: 0x1b,
  i32x4ReplaceLane: 0x1c,
  f64x2ExtractLane: 0x21,
  f64x2ReplaceLane: 0x22,
  i32x4LtS: 0x39,
  f64x2Eq: 0x47,
  f64x2Ne: 0x48,
  f64x2Lt: 0x49,
  f64x2Gt: 0x4a,
  f64x2Le: 0x4b,
  f64x2Ge: 0x4c,
  not: 0x4d,
  and: 0x4e,
  or: 0x50,
  xor: 0x51,
  bitselect: 0x52,
  anyTrue: 0x53,
  i32x4Abs: 0xa0,
  i32x4AllTrue: 0xa3,
  i32x4Bitmask: 0xa4,
  i32x4Shl: 0xab,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Mul: 0xb5,
  i64x2Bitmask: 0xc4,
  f64x2Abs: 0xec,
  f64x2Neg: 0xed,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2ConvertLowI32x4S: 0xfe,
} as const;

function unsigned(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
}

function signed(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

const scratch = new DataView(new ArrayBuffer(8));

function float64(out: number[], value: number): void {
  scratch.setFloat64(0, value, true);
  for (let i = 0; i < 8; i++) out.push(scratch.getUint8(i));
}

/** The body of one function: locals are declared as they are asked for. */
export class Body {
  readonly code: number[] = [];
  private readonly extra: ValueType[] = [];

  constructor(readonly params: readonly ValueType[]) {}

  /** A new local of this type; returns its index. */
  local(type: ValueType): number {
    this.extra.push(type);
    return this.params.length + this.extra.length - 1;
  }

  op(...bytes: number[]): this {
    append(this.code, bytes);
    return this;
  }
  get(index: number): this {
    this.code.push(OP.localGet);
    unsigned(this.code, index);
    return this;
  }
  set(index: number): this {
    this.code.push(OP.localSet);
    unsigned(this.code, index);
    return this;
  }
  tee(index: number): this {
    this.code.push(OP.localTee);
    unsigned(this.code, index);
    return this;
  }
  i32(value: number): this {
    this.code.push(OP.i32Const);
    signed(this.code, value);
    return this;
  }
  f64(value: number): this {
    this.code.push(OP.f64Const);
    float64(this.code, value);
    return this;
  }
  call(index: number): this {
    this.code.push(OP.call);
    unsigned(this.code, index);
    return this;
  }
  br(opcode: typeof OP.br | typeof OP.brIf, depth: number): this {
    this.code.push(opcode);
    unsigned(this.code, depth);
    return this;
  }
  /** A load or store with a static offset (alignment hint: log2 of the natural size). */
  mem(opcode: number, offset: number, align: number): this {
    this.code.push(opcode, align);
    unsigned(this.code, offset);
    return this;
  }
  simd(opcode: number, ...immediates: number[]): this {
    this.code.push(0xfd);
    unsigned(this.code, opcode);
    append(this.code, immediates);
    return this;
  }
  vload(offset: number): this {
    this.simd(SIMD.load, 4);
    unsigned(this.code, offset);
    return this;
  }
  vstore(offset: number): this {
    this.simd(SIMD.store, 4);
    unsigned(this.code, offset);
    return this;
  }
  /** v128.const of two equal doubles. */
  f64x2(value: number): this {
    this.simd(SIMD.const);
    float64(this.code, value);
    float64(this.code, value);
    return this;
  }
  /** v128.const of four equal int32s. */
  i32x4(value: number): this {
    this.simd(SIMD.const);
    for (let k = 0; k < 4; k++) {
      const v = value | 0;
      this.code.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    }
    return this;
  }

  /** The function's code entry: locals in runs of one type, the instructions, `end`. */
  encode(): number[] {
    const runs: [number, ValueType][] = [];
    for (const type of this.extra) {
      const last = runs[runs.length - 1];
      if (last && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const out: number[] = [];
    unsigned(out, runs.length);
    for (const [count, type] of runs) {
      unsigned(out, count);
      out.push(type);
    }
    append(out, this.code);
    out.push(OP.end);
    const entry: number[] = [];
    unsigned(entry, out.length);
    return entry.concat(out);
  }
}

export interface FunctionType {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

/** A module: imported functions (module "m"), an imported memory ("m", "memory"), functions. */
export interface ModuleSpec {
  readonly imports: readonly { readonly name: string; readonly type: FunctionType }[];
  readonly functions: readonly {
    readonly type: FunctionType;
    readonly body: Body;
    readonly export?: string;
  }[];
  /** Minimum pages (64 KiB) of the imported memory. */
  readonly memoryPages: number;
}

function name(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  unsigned(out, bytes.length);
  out.push(...bytes);
}

/** Appends without spreading (a long body would overflow the call stack as arguments). */
function append(out: number[], items: readonly number[]): void {
  for (const item of items) out.push(item);
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id);
  unsigned(out, content.length);
  append(out, content);
}

function vector<T>(items: readonly T[], write: (out: number[], item: T) => void): number[] {
  const out: number[] = [];
  unsigned(out, items.length);
  for (const item of items) write(out, item);
  return out;
}

/** The binary module (§5.5): type, import, function, export and code sections. */
export function encodeModule(spec: ModuleSpec): Uint8Array {
  const types: FunctionType[] = [];
  const keys: string[] = [];
  const typeIndex = (t: FunctionType): number => {
    const key = `${t.params.join(',')}>${t.results.join(',')}`;
    let i = keys.indexOf(key);
    if (i < 0) {
      i = keys.push(key) - 1;
      types.push(t);
    }
    return i;
  };
  const importTypes = spec.imports.map((i) => typeIndex(i.type));
  const functionTypes = spec.functions.map((f) => typeIndex(f.type));
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(
    out,
    1,
    vector(types, (o, t) => {
      o.push(0x60);
      append(
        o,
        vector(t.params, (p, v) => p.push(v)),
      );
      append(
        o,
        vector(t.results, (p, v) => p.push(v)),
      );
    }),
  );
  const imports = [
    ...spec.imports.map((i, k) => ({ name: i.name, kind: 0, index: importTypes[k]! })),
    { name: 'memory', kind: 2, index: spec.memoryPages },
  ];
  section(
    out,
    2,
    vector(imports, (o, i) => {
      name(o, 'm');
      name(o, i.name);
      o.push(i.kind);
      if (i.kind === 2) o.push(0x00); // limits: minimum only
      unsigned(o, i.index);
    }),
  );
  section(
    out,
    3,
    vector(functionTypes, (o, t) => unsigned(o, t)),
  );
  const exported = spec.functions
    .map((f, k) => ({ name: f.export, index: spec.imports.length + k }))
    .filter((e): e is { name: string; index: number } => e.name !== undefined);
  section(
    out,
    7,
    vector(exported, (o, e) => {
      name(o, e.name);
      o.push(0x00);
      unsigned(o, e.index);
    }),
  );
  section(
    out,
    10,
    vector(spec.functions, (o, f) => append(o, f.body.encode())),
  );
  return new Uint8Array(out);
}
