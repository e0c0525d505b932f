// The example programs' command lines over CLI11. CLI11 splits the arguments (`--name value`,
// `--name=value`, -h, negative numbers as values) and writes the --help text; the values are checked
// here, so that every message has the one form "--epochs expects an integer >= 1, got 'abc'".
#include "cli.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <system_error>
#include <utility>

#include <CLI/CLI.hpp>

namespace cli {

namespace {

/// text in quotes, control characters escaped, so that an error stays on one line.
std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "'";
}

int64_t read_integer(const std::string& name, const std::string& text, int64_t min, int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);  // no spaces, no '+', base 10
  if (error != std::errc() || stop != end || value < min || value > max) {
    const std::string range = max == Parser::kNoMax ? ">= " + std::to_string(min)
                                                    : "in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    throw UsageError(name + " expects an integer " + range + ", got " + quoted(text));
  }
  return value;
}

double read_number(const std::string& name, const std::string& text, double min, double max) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end || !std::isfinite(value) || value < min || value > max)
    throw UsageError(name + " expects a number in [" + shortest(min) + ", " + shortest(max) + "], got " +
                     quoted(text));
  return value;
}

/// The --help layout: the usage line first (CLI11 puts the description first), then the description,
/// then each group of options, a blank line between them.
class UsageFormatter : public CLI::Formatter {
 public:
  UsageFormatter() {
    label("Usage", "usage");
    label("OPTIONS", "options");
    column_width(22);
  }
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override {
    return make_usage(app, name) + make_description(app) + "\n" + make_groups(app, mode);
  }
  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override {
    std::string text = group + ":\n";
    for (const CLI::Option* opt : opts) text += make_option(opt, is_positional);
    return text;
  }
};

}  // namespace

std::string program_name(const char* argv0) {
  if (const char* name = std::getenv("XGRAD_PROGRAM_NAME"); name != nullptr && *name != '\0') return name;
  if (argv0 == nullptr) return "";
  const std::string path = argv0;
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos || slash + 1 == path.size() ? path : path.substr(slash + 1);
}

std::string shortest(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

Parser::Parser(const std::string& description) : app_(std::make_unique<CLI::App>(description)) {
  app_->formatter(std::make_shared<UsageFormatter>());
  app_->set_help_flag("-h,--help", "this text");
  // Arguments that are not options are reported by parse() in the form of its other messages.
  app_->allow_extras();
}

Parser::~Parser() = default;

Parser& Parser::group(const std::string& title) {
  group_ = title;
  return *this;
}

Parser& Parser::add(const std::string& name, const std::string& metavar, const std::string& help,
                    std::function<void(const std::string&)> read) {
  CLI::Option* option = app_->add_option(name, help);
  option->type_name(metavar)->group(group_);
  // Zero or one value: CLI11 then takes the next argument only if it does not look like an option
  // (it must take it when one is required), and records an empty value for a bare `--name`.
  option->expected(0, 1);
  option->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);  // every one is checked; the last counts
  declared_.push_back({option, [name, read = std::move(read)](const std::string& text) {
                         if (text.empty()) throw UsageError(name + " needs a value");
                         read(text);
                       }});
  return *this;
}

namespace {
/// help with the default appended: on its own line when help ends with one.
std::string with_default(const std::string& help, const std::string& value) {
  return help + (help.empty() || help.back() == '\n' ? "" : " ") + "(default " + value + ")";
}
}  // namespace

Parser& Parser::option(const std::string& name, std::string& value, const std::string& metavar,
                       const std::string& help) {
  return add(name, metavar, with_default(help, value), [&value](const std::string& text) { value = text; });
}

Parser& Parser::option(const std::string& name, std::optional<std::string>& value, const std::string& metavar,
                       const std::string& help) {
  return add(name, metavar, help, [&value](const std::string& text) { value = text; });
}

Parser& Parser::option(const std::string& name, int64_t& value, const std::string& metavar, const std::string& help,
                       int64_t min, int64_t max) {
  return add(name, metavar, with_default(help, std::to_string(value)),
             [&value, name, min, max](const std::string& text) { value = read_integer(name, text, min, max); });
}

Parser& Parser::option(const std::string& name, std::optional<int64_t>& value, const std::string& metavar,
                       const std::string& help, int64_t min, int64_t max) {
  return add(name, metavar, help,
             [&value, name, min, max](const std::string& text) { value = read_integer(name, text, min, max); });
}

Parser& Parser::option(const std::string& name, double& value, const std::string& metavar, const std::string& help,
                       double min, double max) {
  return add(name, metavar, with_default(help, shortest(value)),
             [&value, name, min, max](const std::string& text) { value = read_number(name, text, min, max); });
}

Parser& Parser::option(const std::string& name, bool& value, const std::string& metavar, const std::string& help) {
  return add(name, metavar, with_default(help, value ? "1" : "0"), [&value, name](const std::string& text) {
    if (text != "0" && text != "1") throw UsageError(name + " expects 0 or 1, got " + quoted(text));
    value = text == "1";
  });
}

bool Parser::parse(int argc, const char* const* argv) {
  app_->name(program_name(argc > 0 ? argv[0] : nullptr));
  std::vector<std::string> args;  // CLI11 takes them last first
  for (int i = argc - 1; i >= 1; --i) args.emplace_back(argv[i]);
  try {
    app_->parse(std::move(args));
  } catch (const CLI::CallForHelp&) {
    return false;
  }

  for (const std::string& extra : app_->remaining()) {
    if (extra.size() > 1 && extra[0] == '-' && extra != "--") {
      // "--bogus=1": the option's name alone
      const auto equals = extra.find('=');
      throw UsageError("unknown option " +
                       quoted(equals > 2 && equals != std::string::npos ? extra.substr(0, equals) : extra));
    }
    throw UsageError("unexpected argument " + quoted(extra));
  }

  // Each value in the order given: CLI11 records the options in that order, each value in its option's.
  std::map<const CLI::Option*, size_t> read_so_far;
  for (const CLI::Option* option : app_->parse_order()) {
    find(option).read(option->results().at(read_so_far[option]++));
  }
  return true;
}

std::optional<std::string> Parser::given(const std::string& name) const {
  const std::vector<std::string>& results = app_->get_option(name)->results();
  if (results.empty()) return std::nullopt;
  return results.back();
}

void Parser::set(const std::string& name, const std::string& value) { find(app_->get_option(name)).read(value); }

std::string Parser::usage() const { return app_->help(); }

const Parser::Declared& Parser::find(const CLI::Option* option) const {
  for (const Declared& declared : declared_)
    if (declared.option == option) return declared;
  throw std::logic_error("cli::Parser: " + option->get_name() + " was not declared by option()");
}

namespace {
/// Prints e as run_main says and gives the exit code.
int report(const char* argv0, const std::exception& e) {
  const std::string program = program_name(argv0);
  std::cerr << program << ": " << e.what();
  const bool usage_error = dynamic_cast<const UsageError*>(&e) != nullptr;
  if (usage_error) std::cerr << " (see " << program << " --help)";
  std::cerr << '\n';
  return usage_error ? 2 : 1;
}
}  // namespace

int run_main(int argc, const char* const* argv, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return report(argc > 0 ? argv[0] : nullptr, e);
  }
}

std::optional<int> no_options(int argc, const char* const* argv, const std::string& description) {
  Parser parser(description);
  try {
    if (parser.parse(argc, argv)) return std::nullopt;
  } catch (const UsageError& e) {
    return report(argc > 0 ? argv[0] : nullptr, e);
  }
  std::cout << parser.usage();
  return 0;
}

}  // namespace cli
