#pragma once
// A small, strict JSON reader (RFC 8259) for the tests' data files: objects, arrays, strings,
// numbers, true, false and null. Malformed input throws json::Error with the line and column;
// asking a Value for the wrong type or a missing key throws json::Error too.
#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Value {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Members = std::vector<std::pair<std::string, Value>>;  // in file order

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_string() const { return type_ == Type::String; }
  /// A number written without fraction or exponent that fits int64.
  bool is_integer() const { return type_ == Type::Number && integer_; }

  bool as_bool() const { return expect(Type::Bool).bool_; }
  double as_double() const { return expect(Type::Number).number_; }
  int64_t as_int() const {
    if (!is_integer()) throw Error("json: expected an integer, got " + describe());
    return int_;
  }
  const std::string& as_string() const { return expect(Type::String).string_; }
  const std::vector<Value>& as_array() const { return expect(Type::Array).array_; }
  const Members& as_object() const { return expect(Type::Object).object_; }

  bool contains(std::string_view key) const { return find(key) != nullptr; }
  const Value& operator[](std::string_view key) const {
    if (const Value* v = find(key)) return *v;
    throw Error("json: no key \"" + std::string(key) + "\" in object");
  }
  const Value& operator[](size_t i) const {
    const auto& a = as_array();
    if (i >= a.size()) throw Error("json: index " + std::to_string(i) + " out of range for array of " +
                                   std::to_string(a.size()));
    return a[i];
  }

 private:
  friend class Parser;
  static const char* name(Type t) {
    static const char* names[] = {"null", "bool", "number", "string", "array", "object"};
    return names[static_cast<int>(t)];
  }
  std::string describe() const { return type_ == Type::Number ? "a non-integer number" : name(type_); }
  const Value& expect(Type t) const {
    if (type_ != t) throw Error(std::string("json: expected ") + name(t) + ", got " + name(type_));
    return *this;
  }
  const Value* find(std::string_view key) const {
    for (const auto& [k, v] : as_object())
      if (k == key) return &v;
    return nullptr;
  }

  Type type_ = Type::Null;
  bool bool_ = false;
  bool integer_ = false;
  double number_ = 0;
  int64_t int_ = 0;
  std::string string_;
  std::vector<Value> array_;
  Members object_;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Value parse() {
    Value v = value(0);
    skip_ws();
    if (pos_ != s_.size()) fail("unexpected characters after the value");
    return v;
  }

 private:
  static constexpr int kMaxDepth = 256;  // deeper nesting is an error, not a stack overflow

  [[noreturn]] void fail(const std::string& what) const {
    size_t line = 1, column = 1;
    for (size_t i = 0; i < pos_ && i < s_.size(); ++i) {
      if (s_[i] == '\n') ++line, column = 1;
      else ++column;
    }
    throw Error("json: " + what + " at line " + std::to_string(line) + ", column " + std::to_string(column));
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool at_end() const { return pos_ >= s_.size(); }
  void expect(char c) {
    skip_ws();
    if (at_end() || s_[pos_] != c) fail(std::string("expected '") + c + "'");
    ++pos_;
  }
  bool digit() const { return !at_end() && s_[pos_] >= '0' && s_[pos_] <= '9'; }

  Value value(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth));
    skip_ws();
    if (at_end()) fail("unexpected end of input");
    Value v;
    switch (s_[pos_]) {
      case '{': object(v, depth); break;
      case '[': array(v, depth); break;
      case '"': v.type_ = Value::Type::String; v.string_ = string(); break;
      case 't': literal("true"); v.type_ = Value::Type::Bool; v.bool_ = true; break;
      case 'f': literal("false"); v.type_ = Value::Type::Bool; break;
      case 'n': literal("null"); break;
      default:
        if (s_[pos_] == '-' || digit()) number(v);
        else fail(std::string("unexpected character '") + s_[pos_] + "'");
    }
    return v;
  }

  void literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) fail("invalid literal (expected " + std::string(word) + ")");
    pos_ += word.size();
  }

  void object(Value& v, int depth) {
    v.type_ = Value::Type::Object;
    ++pos_;
    skip_ws();
    if (!at_end() && s_[pos_] == '}') { ++pos_; return; }
    for (;;) {
      skip_ws();
      if (at_end() || s_[pos_] != '"') fail("expected a string key");
      size_t key_pos = pos_;
      std::string key = string();
      if (v.find(key)) { pos_ = key_pos; fail("duplicate key \"" + key + "\""); }
      expect(':');
      v.object_.emplace_back(std::move(key), value(depth + 1));
      skip_ws();
      if (!at_end() && s_[pos_] == ',') { ++pos_; continue; }
      expect('}');
      return;
    }
  }

  void array(Value& v, int depth) {
    v.type_ = Value::Type::Array;
    ++pos_;
    skip_ws();
    if (!at_end() && s_[pos_] == ']') { ++pos_; return; }
    for (;;) {
      v.array_.push_back(value(depth + 1));
      skip_ws();
      if (!at_end() && s_[pos_] == ',') { ++pos_; continue; }
      expect(']');
      return;
    }
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  void number(Value& v) {
    size_t start = pos_;
    bool integer = true;
    if (s_[pos_] == '-') ++pos_;
    if (!digit()) fail("expected a digit");
    if (s_[pos_++] != '0')
      while (digit()) ++pos_;
    if (!at_end() && s_[pos_] == '.') {
      integer = false;
      ++pos_;
      if (!digit()) fail("expected a digit after '.'");
      while (digit()) ++pos_;
    }
    if (!at_end() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integer = false;
      ++pos_;
      if (!at_end() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digit()) fail("expected a digit in the exponent");
      while (digit()) ++pos_;
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + pos_;
    v.type_ = Value::Type::Number;
    // from_chars is exact and ignores the locale; out-of-range doubles are an error.
    if (std::from_chars(first, last, v.number_).ec != std::errc()) { pos_ = start; fail("number out of range"); }
    v.integer_ = integer && std::from_chars(first, last, v.int_).ec == std::errc();
  }

  unsigned hex4() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (at_end()) fail("unexpected end of input in \\u escape");
      char c = s_[pos_];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) fail("invalid hex digit in \\u escape");
      code = code * 16 + static_cast<unsigned>(d);
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string() {
    ++pos_;  // the opening quote
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      char c = s_[pos_];
      if (c == '"') { ++pos_; return out; }
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      ++pos_;
      if (c != '\\') { out += c; continue; }
      if (at_end()) fail("unterminated string");
      char e = s_[pos_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xDC00 && cp <= 0xDFFF) fail("unpaired low surrogate in \\u escape");
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate must be followed by a low one
            if (s_.substr(pos_, 2) != "\\u") fail("unpaired high surrogate in \\u escape");
            pos_ += 2;
            unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("invalid low surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: --pos_; fail(std::string("invalid escape '\\") + e + "'");
      }
    }
  }

  std::string_view s_;
  size_t pos_ = 0;
};

inline Value parse(std::string_view text) { return Parser(text).parse(); }

/// Parses a whole file; errors name the file.
inline Value parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("json: cannot open " + path);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

}  // namespace json
