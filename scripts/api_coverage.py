#!/usr/bin/env python3
"""Writes docs/api-coverage.md: which of libtorch 1.13's user-facing names xgrad declares.

    scripts/api_coverage.py                     rewrite docs/api-coverage.md, print the counts
    scripts/api_coverage.py --check NAME ...    also say how each NAME was classified (a Tensor
                                                method, a function, or `linalg::norm`-style)
    scripts/api_coverage.py --min-coverage P    exit 1 if the combined coverage is below P percent
    scripts/api_coverage.py --stdout            print the document instead of writing it

libtorch's names come from its INSTALLED headers (Debian's libtorch-dev, under /usr/include):
  - Tensor methods: the members declared in class TensorBase (ATen/core/TensorBase.h) and class Tensor
    (ATen/core/TensorBody.h), templates included (item<T>, data_ptr<T>, accessor, register_hook).
  - torch:: functions: the free functions of namespace at in ATen/Functions.h and the ATen/ops/*.h
    headers it includes (torch:: re-exports them), torch::'s own (variable_factories.h: tensor,
    from_blob; utils.h: manual_seed, set_num_threads, ...), and torch::linalg, torch::fft and
    torch::special (each written `linalg::name` etc.).
Each name is in scope or out of scope by the tables IN_SCOPE and RULES below (out-of-scope names are
listed in the document with the rule's reason); in-place methods (add_) count as names of their own. xgrad's status comes from its public headers (every
*.h under autograd/include, nn/include, optim/include, data/include and compat/): a method is present
if class Tensor of xgrad/tensor.h declares a member of that name; a function is present if a free
function of that name is declared in namespace xgrad (or xgrad::linalg / fft / special), at:: or
torch:: (compat/). Only names are compared, not overloads or signatures.
Standard library only; nothing is compiled and torch is not imported. The output is deterministic.
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "docs", "api-coverage.md")
INC = "/usr/include"
TORCH_API_INC = os.path.join(INC, "torch/csrc/api/include/torch")

# ---------------------------------------------------------------------------------------------------
# Where libtorch's names come from.
# ---------------------------------------------------------------------------------------------------

# (header, class name): the classes whose members are Tensor's methods (Tensor inherits TensorBase's).
LIBTORCH_METHOD_CLASSES = [
    (os.path.join(INC, "ATen/core/TensorBase.h"), "TensorBase"),
    (os.path.join(INC, "ATen/core/TensorBody.h"), "Tensor"),
]
# ATen/Functions.h includes one ATen/ops/<op>.h per operator; those and Functions.h itself declare
# namespace at's free functions.
LIBTORCH_FUNCTIONS_H = os.path.join(INC, "ATen/Functions.h")
# (header, namespace, prefix): further free functions and the name they are listed under.
LIBTORCH_EXTRA_FUNCTION_HEADERS = [
    (os.path.join(INC, "torch/csrc/autograd/generated/variable_factories.h"), "torch", ""),
    (os.path.join(TORCH_API_INC, "utils.h"), "torch", ""),
    (os.path.join(TORCH_API_INC, "linalg.h"), "torch::linalg", "linalg::"),
    (os.path.join(TORCH_API_INC, "fft.h"), "torch::fft", "fft::"),
    (os.path.join(TORCH_API_INC, "special.h"), "torch::special", "special::"),
]
# ATen/ops/tensor.h declares at::tensor(ArrayRef<T>) through a macro the parser does not expand.
LIBTORCH_MACRO_FUNCTIONS = ["tensor"]

# xgrad's public headers, and where its names live.
XGRAD_HEADER_DIRS = ["autograd/include", "nn/include", "optim/include", "data/include", "compat"]
XGRAD_TENSOR_H = "autograd/include/xgrad/tensor.h"
# Namespace of a declaration -> the prefix its names are listed under (namespace torch = xgrad).
XGRAD_FUNCTION_NAMESPACES = {
    "xgrad": "", "torch": "", "at": "",
    "xgrad::linalg": "linalg::", "torch::linalg": "linalg::", "at::linalg": "linalg::",
    "xgrad::fft": "fft::", "torch::fft": "fft::", "at::fft": "fft::",
    "xgrad::special": "special::", "torch::special": "special::", "at::special": "special::",
}

# ---------------------------------------------------------------------------------------------------
# Scope rules: edit these to move names in or out of scope.
#
# A name is in scope if it is in IN_SCOPE, else out of scope by the first RULES entry that matches it,
# else in scope. A rule is (reason, kinds, regex): kinds is "method", "function" or "both"; the regex is
# re.search'ed against the name as listed (linalg::/fft::/special:: prefix included). After the rules,
# two derived rules apply to functions only: see classify().
# ---------------------------------------------------------------------------------------------------

# Names a RULES entry would exclude but that are ordinary API for CPU programs.
IN_SCOPE = {
    "is_cuda",  # the device query CPU programs ask (false on xgrad, which declares it)
}

INTERNAL = "internal (leading underscore)"
SYMINT = "symbolic shapes (SymInt; TorchScript/tracing)"
OUT_VARIANT = "out= variant (writes into a given tensor; the plain function is counted)"
SPARSE = "sparse tensors"
QUANT = "quantized tensors"
NAMED = "named tensors"
DEVICE = "device-specific (CUDA, cuDNN, MIOpen, MKL-DNN, MPS, Vulkan, Metal, XLA, pinned memory, ...)"
COMPLEX = "complex dtypes only (identity or error on real tensors)"
FFT = "discrete Fourier transforms (torch::fft, stft)"
NESTED = "nested tensors"
FUNCTIONALIZATION = "functionalization / functorch internals (functional forms of in-place ops, aliases)"
VIEW_COPY = "functionalization *_copy variant of a view op (the view is counted)"
BACKWARD = "backward / forward-AD kernel (autograd internals)"
KERNEL = "backend kernel behind a public op (native_*, slow_conv*, thnn_*, *_overrideable)"
IMPL = "TensorImpl, dispatcher and reference-count internals"
STORAGE = "raw storage and memory-format internals (c10::Storage, MemoryFormat)"
DEPRECATED = "deprecated legacy API (Type/Backend, Variable, packed_accessor, removed ops)"
FBGEMM = "FBGEMM / prepacked-weight kernels"
DISTRIBUTED = "distributed (DDP bucket helpers, SyncBatchNorm kernels)"
PROFILER = "RecordFunction profiler callbacks"
RNN = "fused RNN kernels behind torch::nn's LSTM/GRU/RNN modules"
ALIAS_LINALG = "at:: spelling of a torch::linalg:: function (counted as linalg::<name>)"
ALIAS_SPECIAL = "at:: spelling of a torch::special:: function (counted as special::<name>)"
INPLACE_FN = "in-place free function (its out-of-place function and the Tensor method are counted)"

RULES = [
    (INTERNAL, "both", r"^_|::_"),
    (SYMINT, "both", r"symint|^sym_"),
    (OUT_VARIANT, "function", r"_outf?$"),
    (FFT, "both", r"^fft::|^fft_|^(stft|istft)$"),
    (NESTED, "both", r"nested|^to_padded_tensor$"),
    (QUANT, "both", r"^q_|quantiz|^(int_repr|qscheme|dequantize|empty_quantized)$|^fake_quantize|"
                    r"^fused_moving_avg_obs_fake_quant$|^choose_qparams"),
    (FBGEMM, "both", r"^fbgemm_|prepack"),
    (SPARSE, "both", r"sparse|^(to_dense|to_dense_backward|coalesce|is_coalesced|indices|values|"
                     r"dense_dim|smm|sspaddmm|hspmm)$|^(crow|col|ccol|row)_indices$|"
                     r"^to_(coo|csr|csc|bsr|bsc)"),
    (NAMED, "both", r"^(refine_names|rename|rename_|align_to|align_as|align_tensors|names|has_names|"
                    r"opt_names|get_named_tensor_meta)$"),
    (DEVICE, "both", r"cuda|cudnn|miopen|mkldnn|vulkan|metal|^mps_|^(mps|hip|xpu|ipu|ve|hpu|ort|xla|lazy|"
                     r"meta)$|^is_(hip|xpu|ipu|ve|hpu|ort|xla|lazy|meta|metal|mps|mkldnn|vulkan)$|"
                     r"^(pin_memory|is_pinned|record_stream)$|^packed_accessor(32|64)$|"
                     r"^generic_packed_accessor$|^conv_depthwise3d$"),
    (DISTRIBUTED, "both", r"^(flatten_dense_tensors|unflatten_dense_tensors)$|^batch_norm_(elemt|stats|"
                          r"gather_stats|gather_stats_with_counts|update_stats|backward_elemt|"
                          r"backward_reduce)$"),
    (VIEW_COPY, "both", r"^(alias|as_strided|detach|diagonal|expand|permute|select|slice|split|"
                        r"split_with_sizes|squeeze|t|transpose|unbind|unfold|unsqueeze|view|view_as_real|"
                        r"view_as_complex|lift_fresh|values|indices|crow_indices|col_indices|ccol_indices|"
                        r"row_indices)_copy$"),
    (FUNCTIONALIZATION, "both", r"^(alias|lift|lift_fresh|normal_functional|copy|fill|zero|set|resize|"
                                r"resize_as|random|uniform|cauchy|exponential|geometric|log_normal|"
                                r"embedding_renorm|copy_sparse_to_sparse|unsafe_chunk|unsafe_split|"
                                r"unsafe_split_with_sizes)$"),
    (BACKWARD, "both", r"_backward(_|$)|_jvp$|_forward$"),
    (KERNEL, "both", r"^native_|^slow_conv|^thnn_|_overrideable$|^nll_loss_nd$"),
    (RNN, "function", r"^(lstm|gru|rnn_tanh|rnn_relu)(_cell)?$"),
    (COMPLEX, "both", r"^(real|imag|chalf|view_as_real|view_as_complex|polar|complex|conj|conj_physical|"
                      r"conj_physical_|is_conj|resolve_conj|is_neg|resolve_neg)$"),
    (IMPL, "both", r"^(getIntrusivePtr|unsafeGetTensorImpl|unsafeReleaseIntrusivePtr|"
                   r"unsafeReleaseTensorImpl|wrap_tensor_impl|key_set|weak_use_count|reset|"
                   r"expect_contiguous|tensor_data|variable_data|set_requires_grad|name)$|__dispatch"),
    (STORAGE, "both", r"^(storage|has_storage|set_|is_set_to|is_non_overlapping_and_dense|"
                      r"suggest_memory_format|from_file)$"),
    (DEPRECATED, "both", r"^(type|toType|toBackend|is_variable|is_distributed|packed_accessor|range|"
                         r"symeig|chain_matmul)$|^linalg::linalg_"),
    (PROFILER, "function", r"Callback|RecordFunction"),
]

# ---------------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------------

def classify(name, kind, methods, functions):
    """(in_scope, reason); reason is None when in scope. methods/functions: all libtorch names."""
    if name in IN_SCOPE:
        return True, None
    for reason, kinds, pattern in RULES:
        if kinds in ("both", kind) and re.search(pattern, name):
            return False, reason
    if kind == "function":
        m = re.match(r"^(linalg|special)_(\w+)$", name)
        if m and "%s::%s" % (m.group(1), m.group(2)) in functions:
            return False, ALIAS_LINALG if m.group(1) == "linalg" else ALIAS_SPECIAL
        if name.endswith("_") and (name in methods or name[:-1] in functions):
            return False, INPLACE_FN
    return True, None


# ---------------------------------------------------------------------------------------------------
# A small C++ declaration scanner: strips comments, strings and preprocessor lines, then walks braces,
# keeping the namespace/class path, and yields each declaration statement with that path.
# ---------------------------------------------------------------------------------------------------

# Comments, string literals and character literals, matched left to right so that each hides the others.
_TOKEN_RE = re.compile(r'//[^\n]*|/\*.*?\*/|R"(\w*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])+\'', re.S)


def strip_cpp(text):
    """The text with comments blanked, literals emptied and preprocessor lines removed."""
    text = _TOKEN_RE.sub(lambda m: " " if m.group(0)[0] == "/" else '""', text)
    # Preprocessor lines, with their continuations.
    out = []
    cont = False
    for line in text.split("\n"):
        if cont or line.lstrip().startswith("#"):
            cont = line.rstrip().endswith("\\")
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


_NAMESPACE_HEAD_RE = re.compile(r"(?:^|[\s;])(?:inline\s+)?namespace\s*([\w:]*)\s*$")
_CLASS_HEAD_RE = re.compile(
    r"(?:^|[\s;>])(class|struct|union|enum(?:\s+class|\s+struct)?)\s+"
    r"(?:alignas\s*\(\s*\w+\s*\)\s*)?(?:[A-Z][A-Z0-9_]*\s+)*(\w+)\s*(?:final\s*)?(?::[^(){};]*)?$")
_ACCESS_RE = re.compile(r"^\s*(public|private|protected)\s*:(?!:)")


def _strip_access(stmt):
    """(statement without leading access specifiers, the last specifier or None)."""
    access = None
    while True:
        m = _ACCESS_RE.match(stmt)
        if not m:
            return stmt.strip(), access
        access = m.group(1)
        stmt = stmt[m.end():]


def scan(text):
    """Yields (path, statement) for each declaration: path is a tuple such as ("at", "class Tensor"),
    the statement its text up to `;` or up to a function body (the body dropped). Inside a class, the
    first statement yielded is "@access public" or "@access private" (its default access), and a
    statement keeps any access specifiers before it (see _strip_access)."""
    text = strip_cpp(text)
    stack = []  # path components pushed by each open brace: a list (possibly empty, for blocks)
    flat = []
    buf = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "{":
            head = "".join(buf).strip()
            body, access = _strip_access(head)
            mn = _NAMESPACE_HEAD_RE.search(body)
            mc = None if mn else _CLASS_HEAD_RE.search(body)
            if mn or (mc and "(" not in body and "=" not in body):
                if access:
                    yield tuple(flat), access + ":"
                if mn:
                    parts = mn.group(1).split("::") if mn.group(1) else ["<anonymous>"]
                else:
                    kw = mc.group(1)
                    parts = ["%s %s" % ("enum" if kw.startswith("enum") else "class", mc.group(2))]
                stack.append(parts)
                flat.extend(parts)
                if mc:
                    yield tuple(flat), "@access " + ("private" if kw == "class" else "public")
                buf = []
                i += 1
                continue
            if body.startswith('extern ""'):
                stack.append([])  # extern "C" { ... }: its declarations stay in the enclosing scope
                buf = []
                i += 1
                continue
            # A function body, or a brace initializer: skip to the matching brace.
            depth, j = 1, i + 1
            while j < n and depth:
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                j += 1
            k = j
            while k < n and text[k].isspace():
                k += 1
            nxt = text[k] if k < n else ""
            if re.search(r"\)\s*(?:noexcept\s*)?:[^:]", body) and nxt in ",{":
                buf.append(" {} ")  # a constructor's `: member_{...}` initializer: its body follows
            elif "(" in body and not body.endswith("="):
                yield tuple(flat), head
                buf = []
            else:
                buf.append(" {} ")  # `int x = {...};`, `std::vector<int> v{...};`: keep going
            i = j
            continue
        if c == "}":
            if stack:
                for _ in stack.pop():
                    flat.pop()
            buf = []
            i += 1
            continue
        if c == ";":
            stmt = "".join(buf).strip()
            if stmt:
                yield tuple(flat), stmt
            buf = []
            i += 1
            continue
        buf.append(c)
        i += 1


_TEMPLATE_RE = re.compile(r"^\s*template\s*<")
_MACRO_CALL_RE = re.compile(r"\b[A-Z][A-Z0-9_]*\s*\(")
_SKIP_START = re.compile(r"^(using|typedef|friend|static_assert|class|struct|enum|union|namespace|"
                         r"extern|return|@access)\b")
_NOT_NAMES = {"decltype", "sizeof", "alignas", "noexcept", "return", "if", "while", "for", "switch",
              "static_assert", "throw"}


def _skip_balanced(s, i, open_c, close_c):
    depth = 0
    while i < len(s):
        if s[i] == open_c:
            depth += 1
        elif s[i] == close_c:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def declared_function(stmt):
    """(name, qualified) for the function `stmt` declares, or None for anything else (variables,
    operators, constructors, using-declarations, macro invocations). qualified is True for an
    out-of-class definition such as `Tensor Tensor::abs() const`."""
    s, _ = _strip_access(stmt)
    s = re.sub(r"^(\s*\{\s*\})+", "", s).strip()  # left over from a bare block before it
    while _TEMPLATE_RE.match(s):
        s = s[_skip_balanced(s, s.index("<"), "<", ">"):].strip()
    # Macros with arguments, e.g. C10_DEPRECATED_MESSAGE("...") or C10_NODISCARD.
    while True:
        m = _MACRO_CALL_RE.search(s)
        if not m:
            break
        s = s[:m.start()] + " " + s[_skip_balanced(s, m.end() - 1, "(", ")"):]
    s = s.strip()
    if not s or _SKIP_START.match(s):
        return None
    depth = 0  # the first '(' outside template arguments
    for i, c in enumerate(s):
        if c == "<":
            depth += 1
        elif c == ">":
            depth -= 1
        elif depth <= 0 and c == "(":
            break
        elif depth <= 0 and c in "={":
            return None  # a variable with an initializer
    else:
        return None
    head = s[:i].rstrip()
    if re.search(r"\boperator\b", head):
        return None
    m = re.search(r"(~?\w+)$", head)
    if not m or m.group(1).startswith("~") or m.group(1) in _NOT_NAMES:
        return None
    before = head[:m.start()].rstrip()
    if not before or re.fullmatch(r"(explicit|inline|constexpr|\s)*", before):
        return None  # a constructor, or a call statement such as a macro invocation
    return m.group(1), before.endswith("::")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def class_methods(text, class_name, public_only=True):
    """Names of the member functions declared directly in `class class_name`'s body (its public ones
    unless public_only is False); constructors and operators excluded."""
    names = set()
    access = "public"
    for p, stmt in scan(text):
        if not p or p[-1] != "class " + class_name:
            continue
        if stmt.startswith("@access "):
            access = stmt.split()[1]
            continue
        _, spec = _strip_access(stmt)
        if spec:
            access = spec
        if public_only and access != "public":
            continue
        r = declared_function(stmt)
        if r and not r[1] and r[0] != class_name:
            names.add(r[0])
    return names


def namespace_functions(text, namespace):
    """Names of the unqualified free functions declared directly in `namespace` (e.g. "torch::linalg"),
    plus `using at::name;` re-exports of lowercase names."""
    want = tuple(namespace.split("::"))
    names = set()
    for p, stmt in scan(text):
        if p != want:
            continue
        m = re.match(r"^using\s+(?:\w+::)+(\w+)\s*$", stmt)
        if m:
            if m.group(1)[:1].islower():
                names.add(m.group(1))
            continue
        r = declared_function(stmt)
        if r and not r[1]:
            names.add(r[0])
    return names


# ---------------------------------------------------------------------------------------------------
# libtorch and xgrad names
# ---------------------------------------------------------------------------------------------------

def libtorch_methods():
    names = set()
    for header, cls in LIBTORCH_METHOD_CLASSES:
        names |= class_methods(read(header), cls)
    return names


def libtorch_functions():
    names = set(LIBTORCH_MACRO_FUNCTIONS)
    functions_h = read(LIBTORCH_FUNCTIONS_H)
    headers = [LIBTORCH_FUNCTIONS_H]
    for inc in re.findall(r"#include\s*<(ATen/ops/[\w.]+)>", functions_h):
        headers.append(os.path.join(INC, inc))
    for h in headers:
        names |= namespace_functions(read(h), "at")
    for header, ns, prefix in LIBTORCH_EXTRA_FUNCTION_HEADERS:
        names |= {prefix + x for x in namespace_functions(read(header), ns)}
    return names


def xgrad_headers():
    out = []
    for d in XGRAD_HEADER_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, d)):
            dirnames.sort()
            for f in sorted(filenames):
                if f.endswith(".h"):
                    out.append(os.path.join(dirpath, f))
    return out


def xgrad_names():
    methods = class_methods(read(os.path.join(ROOT, XGRAD_TENSOR_H)), "Tensor")
    functions = set()
    for h in xgrad_headers():
        text = read(h)
        for p, stmt in scan(text):
            ns = "::".join(p)
            if ns not in XGRAD_FUNCTION_NAMESPACES:
                continue
            prefix = XGRAD_FUNCTION_NAMESPACES[ns]
            m = re.match(r"^using\s+(?:\w+::)+(\w+)\s*$", stmt)
            if m:
                functions.add(prefix + m.group(1))
                continue
            r = declared_function(stmt)
            if r and not r[1]:
                functions.add(prefix + r[0])
    return methods, functions


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", nargs="+", metavar="NAME", default=[])
    ap.add_argument("--min-coverage", type=float, metavar="P")
    ap.add_argument("--stdout", action="store_true")
    args = ap.parse_args()

    for path in [h for h, _ in LIBTORCH_METHOD_CLASSES] + [LIBTORCH_FUNCTIONS_H] + \
            [h for h, _, _ in LIBTORCH_EXTRA_FUNCTION_HEADERS]:
        if not os.path.isfile(path):
            print("api_coverage.py: %s not found: install libtorch 1.13's headers (Debian: libtorch-dev)"
                  % path, file=sys.stderr)
            return 2
    lt_methods = libtorch_methods()
    lt_functions = libtorch_functions()
    xg_methods, xg_functions = xgrad_names()

    method_rows, function_rows, out_rows = [], [], []
    info = {}
    for kind, names, present in (("method", lt_methods, xg_methods), ("function", lt_functions, xg_functions)):
        for name in sorted(names):
            ok, reason = classify(name, kind, lt_methods, lt_functions)
            has = name in present
            info.setdefault(name, []).append((kind, ok, reason, has))
            if ok:
                (method_rows if kind == "method" else function_rows).append((name, has))
            else:
                out_rows.append((reason, kind, name, has))

    def pct(rows):
        got = sum(1 for _, h in rows if h)
        return got, len(rows), (100.0 * got / len(rows) if rows else 100.0)

    m_got, m_all, m_pct = pct(method_rows)
    f_got, f_all, f_pct = pct(function_rows)
    c_got, c_all, c_pct = pct(method_rows + function_rows)

    lines = []
    w = lines.append
    w("# libtorch API coverage")
    w("")
    w("Generated by `scripts/api_coverage.py` from libtorch 1.13's installed headers (Debian's "
      "libtorch-dev, `/usr/include/ATen`, `/usr/include/torch`) and xgrad's public headers; do not edit "
      "by hand. Rerun `python3 scripts/api_coverage.py` after adding an op (add `--min-coverage P` to "
      "fail below P percent, `--check NAME` to see how a name is classified).")
    w("")
    w("Coverage: %d of %d in-scope names (%.1f%%)" % (c_got, c_all, c_pct))
    w("")
    w("- Tensor methods: %d of %d (%.1f%%)" % (m_got, m_all, m_pct))
    w("- torch:: functions: %d of %d (%.1f%%)" % (f_got, f_all, f_pct))
    w("- Out of scope: %d names (listed at the end with the reason)" % len(out_rows))
    w("")
    w("Only names are compared: a name counts as present if xgrad declares it (a member of class "
      "`Tensor` in `xgrad/tensor.h`, or a free function in namespace `xgrad`, `xgrad::linalg`, "
      "`xgrad::fft`, `xgrad::special` or compat's `torch::`/`at::`), whatever overloads it has; "
      "in-place methods (`add_`) are names of their own. "
      "libtorch's Tensor methods are the members of `TensorBase` and `Tensor` "
      "(`ATen/core/TensorBase.h`, `ATen/core/TensorBody.h`); its functions are namespace `at`'s "
      "(`ATen/Functions.h` and the `ATen/ops/*.h` it includes), torch::'s own "
      "(`variable_factories.h`, `utils.h`), and `torch::linalg`, `torch::fft`, `torch::special`.")
    w("")
    for title, rows in (("Tensor methods", method_rows), ("torch:: functions", function_rows)):
        got, total, p = pct(rows)
        w("## %s (%d of %d, %.1f%%)" % (title, got, total, p))
        w("")
        missing = [n for n, h in rows if not h]
        w("Missing (%d): %s" % (len(missing), ", ".join("`%s`" % n for n in missing) if missing else "none"))
        w("")
        w("| name | xgrad |")
        w("|---|---|")
        for name, has in rows:
            w("| `%s` | %s |" % (name, "yes" if has else "missing"))
        w("")
    w("## Out of scope (%d)" % len(out_rows))
    w("")
    w("Grouped by reason (the rules are the RULES table in `scripts/api_coverage.py`). A name marked "
      "with * is declared by xgrad anyway.")
    w("")
    by_reason = {}
    for reason, kind, name, has in out_rows:
        by_reason.setdefault(reason, {"method": [], "function": []})[kind].append(name + ("*" if has else ""))
    for reason in sorted(by_reason):
        groups = by_reason[reason]
        total = len(groups["method"]) + len(groups["function"])
        w("### %s (%d)" % (reason, total))
        w("")
        for kind, label in (("method", "Tensor methods"), ("function", "functions")):
            if groups[kind]:
                w("%s: %s" % (label, ", ".join("`%s`" % n for n in sorted(groups[kind]))))
                w("")
    doc = "\n".join(lines).rstrip("\n") + "\n"

    if args.stdout:
        sys.stdout.write(doc)
    else:
        os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
        with open(OUTPUT, "w", encoding="utf-8") as f:
            f.write(doc)
    out = sys.stderr if args.stdout else sys.stdout
    print("libtorch: %d Tensor method names, %d function names; xgrad declares %d methods, %d functions"
          % (len(lt_methods), len(lt_functions), len(xg_methods), len(xg_functions)), file=out)
    print("in scope: methods %d/%d (%.1f%%), functions %d/%d (%.1f%%), combined %d/%d (%.1f%%); "
          "out of scope: %d" % (m_got, m_all, m_pct, f_got, f_all, f_pct, c_got, c_all, c_pct,
                                len(out_rows)), file=out)
    for name in args.check:
        if name not in info:
            print("%s: not a libtorch name found in the headers (xgrad method: %s, xgrad function: %s)"
                  % (name, name in xg_methods, name in xg_functions), file=out)
            continue
        for kind, ok, reason, has in info[name]:
            print("%s: %s, %s, xgrad %s" % (name, "Tensor method" if kind == "method" else "function",
                                            "in scope" if ok else "out of scope: " + reason,
                                            "has it" if has else "lacks it"), file=out)
    if args.min_coverage is not None and c_pct < args.min_coverage:
        print("coverage %.1f%% is below --min-coverage %g" % (c_pct, args.min_coverage), file=out)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
